/**
 * §14 the handling form on Slack: uploaded into the case's thread (under its card), where the case's history is,
 * or, when the card is not there (posted before this replica knew it, or to no channel), into the channel the
 * command came from; a document of no case (the §15.5 outage notice) goes there too. `files.uploadV2` needs `files:write` (in the manifest). The customer is masked in this copy.
 */
import { readFile } from 'node:fs/promises';
import type { webApi } from '@slack/bolt';
import type { CardRefs } from '../../core/ports/card-refs.ts';
import type { Reply } from '../shared/front-desk.ts';

export async function uploadForm(
  client: webApi.WebClient,
  cards: Pick<CardRefs, 'cardRefs'>,
  reply: Reply,
  fallbackChannel: string | null,
): Promise<void> {
  if (!reply.ok || !reply.file) return;
  // §15.5 a document about no case (the outage notice) goes to the channel the command came from
  const ref = reply.caseId == null ? null : ((await cards.cardRefs(reply.caseId, 'slack'))[0] ?? null);
  const channel = ref?.channel ?? fallbackChannel;
  if (!channel) return;
  const upload = { channel_id: channel, file: await readFile(reply.file.path), filename: reply.file.filename, title: reply.file.title };
  await client.filesUploadV2(ref ? { ...upload, thread_ts: ref.messageId } : upload);
}
