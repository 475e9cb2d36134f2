/**
 * §15.4 (§四(三)14 "如发现客户离开时有愤怒情绪，或出现过激言辞……都应立即逐级上报"): anger keywords, true and false
 * positives in simplified and traditional Chinese and in English, and the intake reason they give.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANGER_KEYWORDS, DEFAULT_MEDIA_KEYWORDS, ZSettings } from '../../../src/core/domain/settings.ts';
import { escalationPatch, mentionsAnger, reasonsOnIntake } from '../../../src/core/rules/escalation.ts';

const S = ZSettings.parse({});
const KW = DEFAULT_ANGER_KEYWORDS;

describe('mentionsAnger (§15.4)', () => {
  it('the roster default is SPEC §15.4 list, simplified, traditional and English', () => {
    expect(S.anger_keywords).toEqual([...KW]);
    for (const k of ['愤怒离开', '愤然离开', '气愤离开', '生气离开', '拂袖而去', '过激', '扬言', '辱骂', '威胁']) expect(KW).toContain(k);
    for (const k of ['憤怒離開', '憤然離開', '氣憤離開', '過激', '揚言', '辱罵', '威脅']) expect(KW).toContain(k);
    for (const k of ['left angry', 'stormed out', 'threatened', 'abusive']) expect(KW).toContain(k);
  });

  it.each([
    ['客户愤怒离开，未办理业务', '愤怒离开'],
    ['客户当场拂袖而去', '拂袖而去'],
    ['客户言辞过激，大声吵闹', '过激'],
    ['客户扬言要起诉银行', '扬言'],
    ['客户辱骂柜员', '辱骂'],
    ['客户威胁工作人员', '威胁'],
    ['客户生气离开了', '生气离开'],
  ])('zh-Hans: %s → %s', (text, kw) => {
    expect(mentionsAnger(text, KW)).toBe(kw);
  });

  it.each([
    ['客戶憤怒離開網點', '憤怒離開'],
    ['客戶揚言要投訴到總行', '揚言'],
    ['客戶辱罵櫃員', '辱罵'],
    ['客戶言語威脅員工', '威脅'],
    ['客戶情緒過激', '過激'],
  ])('zh-Hant: %s → %s', (text, kw) => {
    expect(mentionsAnger(text, KW)).toBe(kw);
  });

  it.each([
    ['The customer left angry after an hour', 'left angry'],
    ['customer STORMED OUT of the branch', 'stormed out'],
    ['he threatened the teller', 'threatened'],
    ['Abusive language at the counter.', 'abusive'],
  ])('en: %s → %s', (text, kw) => {
    expect(mentionsAnger(text, KW)).toBe(kw);
  });

  it.each([
    '客户情绪激动，等候时间太长',
    '客户很着急，要当天取现',
    '客戶情緒激動，很著急',
    '客户离开时表示满意',
    'the customer was agitated and in a hurry',
    'the customer left happy',
    'non-abusively worded complaint about fees', // a Latin keyword inside another word does not match
    'threatening weather delayed the cash van', // "threatened" is the keyword, not "threatening"
  ])('not anger: %s', (text) => {
    expect(mentionsAnger(text, KW)).toBeNull();
  });

  it('the keywords are a setting: a custom list replaces the defaults', () => {
    expect(mentionsAnger('客户摔门而去', ['摔门而去'])).toBe('摔门而去');
    expect(mentionsAnger('客户愤怒离开', ['摔门而去'])).toBeNull();
    expect(ZSettings.parse({ anger_keywords: ['摔门而去'] }).anger_keywords).toEqual(['摔门而去']);
  });
});

describe('anger on intake (§15.4, like a media threat)', () => {
  const base = { category: 'general' as const, intake: 'walk_in' as const, keywords: DEFAULT_MEDIA_KEYWORDS, isRepeat: false, settings: S };

  it('a case whose text matches an anger keyword escalates with reason anger, naming the keyword', () => {
    expect(reasonsOnIntake({ ...base, text: '客户辱骂柜员后愤然离开', angerKeywords: KW })).toEqual([
      { reason: 'anger', keyword: '愤然离开' },
    ]);
  });

  it('anger and a media threat are two reasons', () => {
    expect(reasonsOnIntake({ ...base, text: '客户扬言要找记者曝光', angerKeywords: KW }).map((r) => r.reason)).toEqual(['media', 'anger']);
  });

  it('an agitated customer is not escalated', () => {
    expect(reasonsOnIntake({ ...base, text: '客户情绪激动，很着急', angerKeywords: KW })).toEqual([]);
  });

  it('the escalation goes to the province and records the reason once', () => {
    const now = new Date('2026-12-01T02:00:00Z');
    const p = escalationPatch({ escalationReasons: [], escalatedAt: null, level: 'outlet' }, 'anger', 'province', now);
    expect(p).toMatchObject({ escalated: true, level: 'province', escalationReasons: ['anger'], escalatedAt: now });
    const again = escalationPatch({ escalationReasons: ['anger'], escalatedAt: now, level: 'province' }, 'anger', 'province', now);
    expect(again.escalationReasons).toEqual(['anger']);
  });
});
