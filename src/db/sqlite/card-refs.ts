/** Card references (src/core/ports/card-refs.ts) on the SQLite connection. */
import type { CardRefRecord, CardRefs } from '../../core/ports/card-refs.ts';
import type { SqliteConnection } from './connection.ts';

export function sqliteCardRefs(c: SqliteConnection): CardRefs {
  return {
    cardRefs: (caseId: number, platform: string) =>
      c.call(() => c.sql.all<CardRefRecord>(`SELECT * FROM "CardRef" WHERE "caseId" = ? AND platform = ? ORDER BY channel`, [caseId, platform])),
    setCardRef: (ref: CardRefRecord) =>
      c.write(() => {
        c.sql.run(
          `INSERT INTO "CardRef" ("caseId", platform, channel, "messageId") VALUES (?, ?, ?, ?)
           ON CONFLICT ("caseId", platform, channel) DO UPDATE SET "messageId" = excluded."messageId"`,
          [ref.caseId, ref.platform, ref.channel, ref.messageId],
        );
      }),
  };
}
