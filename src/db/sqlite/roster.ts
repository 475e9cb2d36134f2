import type { RosterRows } from '../shared/roster-rows.ts';
import type { Statements } from './sql.ts';

/** The roster's units and members, replacing what was there (start-up; run inside a transaction). */
export function replaceRoster(sql: Statements, rows: RosterRows): void {
  sql.run(`DELETE FROM "Member"`, []);
  sql.run(`DELETE FROM "Unit"`, []);
  for (const u of rows.units)
    sql.run(
      `INSERT INTO "Unit" (code, name, level, "parentCode", depth, "consoleChannel", "slackChannel", "discordChannel", position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [u.code, u.name, u.level, u.parentCode, u.depth, u.consoleChannel, u.slackChannel, u.discordChannel, u.position],
    );
  for (const m of rows.members)
    sql.run(
      `INSERT INTO "Member" (handle, name, "unitCode", role, line, phone, "slackId", "discordId", position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [m.handle, m.name, m.unitCode, m.role, m.line, m.phone, m.slackId, m.discordId, m.position],
    );
  sql.run(`INSERT INTO "Counter" (name, value) VALUES ('case', 0) ON CONFLICT (name) DO NOTHING`, []);
}
