/** Card references (src/core/ports/card-refs.ts) over Prisma. */
import type { CardRefRecord, CardRefs } from '../../core/ports/card-refs.ts';
import type { Db } from './client.ts';

export function prismaCardRefs(prisma: Db): CardRefs {
  return {
    async cardRefs(caseId: number, platform: string) {
      return prisma.cardRef.findMany({ where: { caseId, platform }, orderBy: { channel: 'asc' } });
    },
    async setCardRef(ref: CardRefRecord) {
      const { caseId, platform, channel, messageId } = ref;
      await prisma.cardRef.upsert({ where: { caseId_platform_channel: { caseId, platform, channel } }, create: ref, update: { messageId } });
    },
  };
}
