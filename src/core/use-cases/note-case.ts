import { mentionsMedia } from '../rules/escalation.ts';
import { caseUseCase, doneAck, type CaseChange } from './use-case.ts';

export interface NoteCaseInput {
  case: number;
  text: string;
}

export const noteCase = caseUseCase<NoteCaseInput>('note', async ({ desk }, c, v) => {
  const m: CaseChange = { timeline: { action: 'noted', text: v.text }, ack: doneAck(desk, c, 'noted') };
  // §6: a media keyword in any later note escalates at once.
  const kw = mentionsMedia(v.text, desk.roster.mediaKeywords);
  if (kw && !c.escalationReasons.includes('media')) {
    const esc = desk.autoEscalation(c, 'media', desk.t('esc_media_kw', { kw }), `v${c.version + 1}`);
    m.patch = esc.patch;
    m.posts = esc.posts;
  }
  return m;
});
