/** The change cursor (src/core/ports/changes.ts) and the shared settings over Prisma. */
import type { MessageKind } from '../../core/domain/case.ts';
import type { AppSettings } from '../../core/ports/app-settings.ts';
import type { ChangeFeed } from '../../core/ports/changes.ts';
import { outboxFromRow } from '../shared/rows.ts';
import type { Db } from './client.ts';

export function prismaChangeFeed(prisma: Db): ChangeFeed {
  return {
    async changesSince(afterId: number, limit: number) {
      return (await prisma.outboxMessage.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' }, take: limit })).map(outboxFromRow);
    },
    async lastChangeId() {
      return (await prisma.outboxMessage.aggregate({ _max: { id: true } }))._max.id ?? 0;
    },
    async latestChanges(kinds: readonly MessageKind[], limit: number) {
      return (await prisma.outboxMessage.findMany({ where: { kind: { in: [...kinds] } }, orderBy: { id: 'desc' }, take: limit })).map(outboxFromRow);
    },
  };
}

export function prismaAppSettings(prisma: Db): AppSettings {
  return {
    async sharedSetting(key: string, made: string) {
      // the first replica's value stays; the others read it
      await prisma.$executeRaw`INSERT INTO "AppSetting" ("key", "value") VALUES (${key}, ${made}) ON CONFLICT ("key") DO NOTHING`;
      return (await prisma.appSetting.findUniqueOrThrow({ where: { key } })).value;
    },
  };
}
