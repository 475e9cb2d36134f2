import type { Queryable } from '../drivers/driver.ts';
import type { RosterRows } from '../shared/roster-rows.ts';

/** The roster's units and members, replacing what was there (start-up; run inside a transaction). */
export async function replaceRoster(sql: Queryable, rows: RosterRows): Promise<void> {
  // replicas starting together take turns (PostgreSQL); SQLite serialises writers by itself
  if (sql.dialect.name === 'postgresql') await sql.get(`SELECT pg_advisory_xact_lock(727001)`, []);
  await sql.run(`DELETE FROM "Member"`, []);
  await sql.run(`DELETE FROM "Unit"`, []);
  for (const u of rows.units)
    await sql.run(
      `INSERT INTO "Unit" (code, name, level, "parentCode", depth, "consoleChannel", "slackChannel", "discordChannel", position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [u.code, u.name, u.level, u.parentCode, u.depth, u.consoleChannel, u.slackChannel, u.discordChannel, u.position],
    );
  for (const m of rows.members)
    await sql.run(
      `INSERT INTO "Member" (handle, name, "unitCode", role, line, phone, "slackId", "discordId", position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [m.handle, m.name, m.unitCode, m.role, m.line, m.phone, m.slackId, m.discordId, m.position],
    );
  await sql.run(`INSERT INTO "Counter" (name, value) VALUES ('case', 0) ON CONFLICT (name) DO NOTHING`, []);
}
