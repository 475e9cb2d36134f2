/** The change cursor (src/core/ports/changes.ts) and the shared settings, on either driver. */
import type { MessageKind } from '../../core/domain/case.ts';
import type { AppSettings } from '../../core/ports/app-settings.ts';
import type { ChangeFeed } from '../../core/ports/changes.ts';
import { outboxFromRow, type OutboxRow } from '../shared/rows.ts';
import type { Queryable } from '../drivers/driver.ts';
import { OUTBOX_TYPES, typed } from './sql.ts';

export function changeFeed(sql: Queryable): ChangeFeed {
  const d = sql.dialect;
  return {
    changesSince: async (afterId: number, limit: number) =>
      typed<OutboxRow>(await sql.all(`SELECT * FROM "OutboxMessage" WHERE id > ? ORDER BY id LIMIT ?`, [afterId, limit]), OUTBOX_TYPES).map(
        outboxFromRow,
      ),
    lastChangeId: async () => Number((await sql.get(`SELECT MAX(id) AS id FROM "OutboxMessage"`, []))?.id ?? 0),
    latestChanges: async (kinds: readonly MessageKind[], limit: number) =>
      typed<OutboxRow>(
        await sql.all(`SELECT * FROM "OutboxMessage" WHERE kind ${d.inList} ORDER BY id DESC LIMIT ?`, [[...kinds], limit]),
        OUTBOX_TYPES,
      ).map(outboxFromRow),
  };
}

export function appSettings(sql: Queryable): AppSettings {
  return {
    sharedSetting: async (key: string, made: string) => {
      // the first replica's value stays; the others read it
      await sql.run(`INSERT INTO "AppSetting" (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, [key, made]);
      return (await sql.get(`SELECT value FROM "AppSetting" WHERE key = ?`, [key]))!.value as string;
    },
  };
}
