/** Card references (src/core/ports/card-refs.ts), on either driver. */
import type { CardRefRecord, CardRefs } from '../../core/ports/card-refs.ts';
import type { Driver } from '../drivers/driver.ts';

export function cardRefs(c: Driver): CardRefs {
  return {
    cardRefs: async (caseId: number, platform: string) =>
      (await c.all(`SELECT "caseId", platform, channel, "messageId" FROM "CardRef" WHERE "caseId" = ? AND platform = ? ORDER BY channel`, [
        caseId,
        platform,
      ])) as unknown as CardRefRecord[],
    setCardRef: (ref: CardRefRecord) =>
      c.write(async (sql) => {
        await sql.run(
          `INSERT INTO "CardRef" ("caseId", platform, channel, "messageId") VALUES (?, ?, ?, ?)
           ON CONFLICT ("caseId", platform, channel) DO UPDATE SET "messageId" = excluded."messageId"`,
          [ref.caseId, ref.platform, ref.channel, ref.messageId],
        );
      }),
  };
}
