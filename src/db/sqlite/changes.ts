/** The change cursor (src/core/ports/changes.ts) and the shared settings on the SQLite connection. */
import type { MessageKind } from '../../core/domain/case.ts';
import type { AppSettings } from '../../core/ports/app-settings.ts';
import type { ChangeFeed } from '../../core/ports/changes.ts';
import { outboxFromRow, type OutboxRow } from '../shared/rows.ts';
import type { SqliteConnection } from './connection.ts';
import { IN_LIST, list, OUTBOX_TYPES } from './sql.ts';

export function sqliteChangeFeed(c: SqliteConnection): ChangeFeed {
  const { sql } = c;
  return {
    changesSince: (afterId: number, limit: number) =>
      c.call(() => sql.all<OutboxRow>(`SELECT * FROM "OutboxMessage" WHERE id > ? ORDER BY id LIMIT ?`, [afterId, limit], OUTBOX_TYPES).map(outboxFromRow)),
    lastChangeId: () => c.call(() => sql.get<{ id: number | null }>(`SELECT MAX(id) AS id FROM "OutboxMessage"`, [])?.id ?? 0),
    latestChanges: (kinds: readonly MessageKind[], limit: number) =>
      c.call(() =>
        sql.all<OutboxRow>(`SELECT * FROM "OutboxMessage" WHERE kind ${IN_LIST} ORDER BY id DESC LIMIT ?`, [list([...kinds]), limit], OUTBOX_TYPES).map(outboxFromRow),
      ),
  };
}

export function sqliteAppSettings(c: SqliteConnection): AppSettings {
  return {
    sharedSetting: (key: string, made: string) =>
      c.call(() => {
        c.sql.run(`INSERT INTO "AppSetting" (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, [key, made]);
        return c.sql.get<{ value: string }>(`SELECT value FROM "AppSetting" WHERE key = ?`, [key])!.value;
      }),
  };
}
