import { mentionsAnger, mentionsMedia } from '../rules/escalation.ts';
import { caseUseCase, doneAck, type CaseChange, type UseCaseCtx } from './use-case.ts';
import type { CaseTimeline, DutyWrites } from '../ports/store.ts';

interface NoteCaseInput {
  case: number;
  text: string;
}

export const noteCase = caseUseCase<NoteCaseInput>(
  'note',
  async ({ tx, desk }: UseCaseCtx<CaseTimeline & Pick<DutyWrites, 'takenShiftsBetween'>>, c, v) => {
    const m: CaseChange = { timeline: { action: 'noted', text: v.text }, ack: doneAck(desk, c, 'noted') };
    // §6: a media keyword in any later note escalates at once.
    const kw = mentionsMedia(v.text, desk.roster.mediaKeywords);
    if (kw && !c.escalationReasons.includes('media')) {
      const line = desk.t('esc_media_kw', { kw });
      const esc = await desk.autoEscalation(tx, c, 'media', line, `v${c.version + 1}`);
      // §12: every escalation is in the timeline, so the work log and the next handover list it
      await desk.audit(tx, c, 'bot', 'escalated', line, { reasons: ['media'] });
      m.patch = esc.patch;
      m.posts = esc.posts;
    }
    // §15.4: an anger keyword in any later note escalates to the province at once, like a media threat
    const anger = mentionsAnger(v.text, desk.roster.angerKeywords);
    if (anger && !c.escalationReasons.includes('anger')) {
      const line = desk.t('esc_anger_kw', { kw: anger });
      const base = { ...c, ...(m.patch ?? {}) };
      const esc = await desk.autoEscalation(tx, base, 'anger', line, `v${c.version + 1}`);
      await desk.audit(tx, c, 'bot', 'escalated', line, { reasons: ['anger'] });
      m.patch = { ...(m.patch ?? {}), ...esc.patch };
      m.posts = [...(m.posts ?? []), ...esc.posts];
    }
    return m;
  },
);
