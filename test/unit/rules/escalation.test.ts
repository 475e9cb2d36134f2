import { describe, expect, it } from 'vitest';
import type { CaseRecord, EscalationReason } from '../../../src/core/domain/case.ts';
import type { Level } from '../../../src/core/domain/roster.ts';
import { DEFAULT_EXTERNAL_CHANNELS, DEFAULT_MEDIA_KEYWORDS, ZSettings } from '../../../src/core/domain/settings.ts';
import { INTAKE_CHANNELS } from '../../../src/core/domain/categories.ts';
import {
  customerKey,
  escalationPatch,
  formsCluster,
  isExternal,
  mentionsMedia,
  oneLevelUp,
  reasonsOnIntake,
} from '../../../src/core/rules/escalation.ts';

const S = ZSettings.parse({});
const KW = DEFAULT_MEDIA_KEYWORDS;
const T1 = new Date('2026-12-01T01:40:00Z');
const T2 = new Date('2026-12-01T03:15:00Z');

describe('mentionsMedia (§6 media threat)', () => {
  it('§6: the roster default keywords are DEFAULT_MEDIA_KEYWORDS', () => {
    expect(S.media_keywords).toEqual([...KW]);
  });

  it.each([
    ['客户说要找记者曝光', '记者'],
    ['客戶要找記者', '記者'],
    ['扬言去电视台', '电视台'],
    ['要上微博热搜', '微博'],
    ['说要上网发帖', '上网发帖'],
    ['我要发到网上让大家评评理', '发到网上'],
    ['他要在網上發帖', '網上發帖'],
    ['要拍抖音', '抖音'],
  ])('§6: Chinese keywords match anywhere in the text (%s → %s)', (text, kw) => {
    expect(mentionsMedia(text, KW)).toBe(kw);
  });

  it.each([
    '网上银行转账失败',
    '客户上网查询余额不对',
    '手机银行登录不上',
    '网银无法登录',
    'cannot log in to online banking',
    '网上银行和手机银行都不能用，网银也不行',
  ])('§6: ordinary banking words are not threats (%s)', (text) => {
    expect(mentionsMedia(text, KW)).toBeNull();
  });

  it.each([
    ['He will call a journalist', 'journalist'],
    ['Customer threatens to go to the PRESS', 'press'],
    ['talked to a reporter.', 'reporter'],
    ['media!', 'media'],
    ['客户要找media', 'media'], // a Chinese character next to a Latin word is a word boundary
  ])('§6: Latin keywords match as whole words, case-insensitively (%s)', (text, kw) => {
    expect(mentionsMedia(text, KW)).toBe(kw);
  });

  it.each(['multimedia kiosk broken', 'express transfer failed', 'the newsletter was wrong', 'mediation requested', 'depressed customer'])(
    '§6: a Latin keyword inside another word does not match (%s)',
    (text) => {
      expect(mentionsMedia(text, KW)).toBeNull();
    },
  );

  it('§6: the longest keyword that matches is named ("social media", not "media")', () => {
    expect(mentionsMedia('will post it on Social Media tonight', KW)).toBe('social media');
    expect(mentionsMedia('I will go public with this', KW)).toBe('go public');
  });

  it('§6: the longest Chinese keyword is named (上网发帖 over 发帖)', () => {
    expect(mentionsMedia('上网发帖', KW)).toBe('上网发帖');
    expect(mentionsMedia('发帖', KW)).toBe('发帖');
  });

  it('§6: the keywords are configurable: a custom list is used instead of the defaults', () => {
    expect(mentionsMedia('要去找律师', ['律师'])).toBe('律师');
    expect(mentionsMedia('客户说要找记者', ['律师'])).toBeNull();
  });

  it('§6: a keyword with regex characters is matched literally', () => {
    expect(mentionsMedia('see tv.station now', ['tv.station'])).toBe('tv.station');
    expect(mentionsMedia('see tvXstation now', ['tv.station'])).toBeNull();
  });

  it('§6: empty text never matches', () => {
    expect(mentionsMedia('', KW)).toBeNull();
  });
});

describe('isExternal (§3 external / skip-level channels)', () => {
  it('§3: the six external channels are external; hotline and the rest are internal', () => {
    const external = INTAKE_CHANNELS.filter((ch) => isExternal(ch, S));
    expect(external.sort()).toEqual([...DEFAULT_EXTERNAL_CHANNELS].sort());
    expect(isExternal('hotline', S)).toBe(false);
    expect(isExternal('walk_in', S)).toBe(false);
  });

  it('§3: the list is a setting', () => {
    const custom = ZSettings.parse({ external_channels: ['hotline'] });
    expect(isExternal('hotline', custom)).toBe(true);
    expect(isExternal('regulator', custom)).toBe(false);
  });
});

describe('reasonsOnIntake (§6 escalate at once)', () => {
  const base = {
    text: '取不出钱',
    category: 'urgent_cash' as const,
    intake: 'walk_in' as const,
    keywords: KW,
    isRepeat: false,
    settings: S,
  };

  it('§6: an ordinary case has no reason to escalate', () => {
    expect(reasonsOnIntake(base)).toEqual([]);
  });

  it('§6: a media keyword in the text escalates, naming the keyword', () => {
    expect(reasonsOnIntake({ ...base, text: '客户说要找记者曝光' })).toEqual([{ reason: 'media', via: 'keyword', keyword: '记者' }]);
  });

  it('§6: category media escalates as media', () => {
    expect(reasonsOnIntake({ ...base, category: 'media' })).toEqual([{ reason: 'media', via: 'category' }]);
  });

  it('§6: intake channel media escalates as media and, being external, as skip-level', () => {
    expect(reasonsOnIntake({ ...base, intake: 'media' })).toEqual([
      { reason: 'media', via: 'channel' },
      { reason: 'skip_level', channel: 'media' },
    ]);
  });

  it('§6: media is named once even when text, category and channel all say so (the keyword wins)', () => {
    const r = reasonsOnIntake({ ...base, text: '记者来了', category: 'media', intake: 'media' });
    expect(r.filter((x) => x.reason === 'media')).toEqual([{ reason: 'media', via: 'keyword', keyword: '记者' }]);
  });

  it('§6: a repeat customer escalates as repeat', () => {
    expect(reasonsOnIntake({ ...base, isRepeat: true })).toEqual([{ reason: 'repeat', via: 'customer' }]);
  });

  it('§4 category 9: the repeat category escalates as repeat', () => {
    expect(reasonsOnIntake({ ...base, category: 'repeat' })).toEqual([{ reason: 'repeat', via: 'category' }]);
  });

  it.each([...DEFAULT_EXTERNAL_CHANNELS].filter((c) => c !== 'media'))('§6: intake via %s is skip-level', (intake) => {
    expect(reasonsOnIntake({ ...base, intake })).toEqual([{ reason: 'skip_level', channel: intake }]);
  });

  it.each(['walk_in', 'phone', 'letter', 'fax', 'email', 'hotline', 'other'] as const)('§3: intake via %s is not skip-level', (intake) => {
    expect(reasonsOnIntake({ ...base, intake })).toEqual([]);
  });

  it('§3: skip-level follows settings.external_channels (a custom list)', () => {
    const settings = ZSettings.parse({ external_channels: ['hotline', 'letter'] });
    expect(reasonsOnIntake({ ...base, intake: 'hotline', settings })).toEqual([{ reason: 'skip_level', channel: 'hotline' }]);
    expect(reasonsOnIntake({ ...base, intake: 'regulator', settings })).toEqual([]);
  });

  it('§4 category 13: cross-province business escalates', () => {
    expect(reasonsOnIntake({ ...base, category: 'cross_province' })).toEqual([{ reason: 'cross_province' }]);
  });

  it('§6: several reasons are listed in order media, repeat, skip-level, cross-province', () => {
    expect(
      reasonsOnIntake({ ...base, text: 'going to the newspaper', category: 'cross_province', intake: 'regulator', isRepeat: true }),
    ).toEqual([
      { reason: 'media', via: 'keyword', keyword: 'newspaper' },
      { reason: 'repeat', via: 'customer' },
      { reason: 'skip_level', channel: 'regulator' },
      { reason: 'cross_province' },
    ]);
  });
});

describe('formsCluster (§6 cluster: 3+ distinct customers, same category and branch, 24 h)', () => {
  it('§6: the third distinct customer forms a cluster', () => {
    expect(formsCluster({ category: 'atm', customersBefore: 2, newCustomerAlreadyCounted: false }, S)).toEqual({
      cluster: true,
      customers: 3,
    });
  });

  it('§6: two distinct customers are not a cluster', () => {
    expect(formsCluster({ category: 'atm', customersBefore: 1, newCustomerAlreadyCounted: false }, S)).toEqual({
      cluster: false,
      customers: 2,
    });
  });

  it('§6: a customer already counted is not counted twice', () => {
    expect(formsCluster({ category: 'atm', customersBefore: 2, newCustomerAlreadyCounted: true }, S)).toEqual({
      cluster: false,
      customers: 2,
    });
    expect(formsCluster({ category: 'atm', customersBefore: 3, newCustomerAlreadyCounted: true }, S)).toEqual({
      cluster: true,
      customers: 3,
    });
  });

  it('§6: more than the cluster size is still a cluster', () => {
    expect(formsCluster({ category: 'transaction', customersBefore: 9, newCustomerAlreadyCounted: false }, S).cluster).toBe(true);
  });

  it.each(['general', 'other_emergency'] as const)('§6: the catch-all category %s never clusters', (category) => {
    expect(formsCluster({ category, customersBefore: 10, newCustomerAlreadyCounted: false }, S)).toEqual({ cluster: false, customers: 11 });
  });

  it('§6: cluster_size and cluster_exclude are settings', () => {
    const s = ZSettings.parse({ cluster_size: 5, cluster_exclude: [] });
    expect(formsCluster({ category: 'general', customersBefore: 4, newCustomerAlreadyCounted: false }, s).cluster).toBe(true);
    expect(formsCluster({ category: 'atm', customersBefore: 3, newCustomerAlreadyCounted: false }, s).cluster).toBe(false);
    const ex = ZSettings.parse({ cluster_exclude: ['atm'] });
    expect(formsCluster({ category: 'atm', customersBefore: 5, newCustomerAlreadyCounted: false }, ex).cluster).toBe(false);
    expect(formsCluster({ category: 'general', customersBefore: 2, newCustomerAlreadyCounted: false }, ex).cluster).toBe(true);
  });
});

describe('customerKey (§6 the same customer, by phone)', () => {
  it('§6: the phone digits identify the customer, whatever the separators', () => {
    expect(customerKey('138-0000 1111', '王芳')).toBe('tel:13800001111');
    expect(customerKey('13800001111', null)).toBe('tel:13800001111');
  });

  it('§6: +86 / 86 before a mobile number is the same customer', () => {
    expect(customerKey('+86 138 0000 1111', null)).toBe('tel:13800001111');
    expect(customerKey('8613800001111', null)).toBe('tel:13800001111');
  });

  it('§6: 86 is kept when it is not a country prefix of a mobile number', () => {
    expect(customerKey('86123456', null)).toBe('tel:86123456');
  });

  it('§6: without a phone the name identifies the customer (trimmed)', () => {
    expect(customerKey(null, ' 王芳 ')).toBe('name:王芳');
    expect(customerKey('', '王芳')).toBe('name:王芳');
    expect(customerKey('n/a', '王芳')).toBe('name:王芳');
  });

  it('§6: a phone and a name of different customers never collide', () => {
    expect(customerKey('13800001111', null)).not.toBe(customerKey(null, '13800001111'));
  });

  it('§6: without phone and name there is no key (the case counts as a distinct customer)', () => {
    expect(customerKey(null, null)).toBeNull();
    expect(customerKey(undefined, '  ')).toBeNull();
  });
});

describe('escalationPatch (§6 reasons accumulate; the level only goes up)', () => {
  const fresh: Pick<CaseRecord, 'escalationReasons' | 'escalatedAt' | 'level'> = {
    escalationReasons: [],
    escalatedAt: null,
    level: 'outlet',
  };

  it('§6: the first escalation sets escalated, its time, its reason and the level', () => {
    expect(escalationPatch(fresh, 'media', 'province', T1)).toEqual({
      escalated: true,
      escalatedAt: T1,
      escalationReasons: ['media'],
      level: 'province',
      mediaThreat: true,
    });
  });

  it('§6: a later reason is appended after the earlier ones, and the first escalation time is kept', () => {
    const p = escalationPatch({ escalationReasons: ['media'], escalatedAt: T1, level: 'province' }, 'repeat', 'province', T2);
    expect(p.escalationReasons).toEqual(['media', 'repeat']);
    expect(p.escalatedAt).toEqual(T1);
  });

  it('§6: a reason already given is not repeated', () => {
    expect(
      escalationPatch({ escalationReasons: ['media', 'repeat'], escalatedAt: T1, level: 'province' }, 'media', 'province', T2)
        .escalationReasons,
    ).toEqual(['media', 'repeat']);
  });

  it('§6: the case record is not mutated', () => {
    const reasons: EscalationReason[] = ['manual'];
    escalationPatch({ escalationReasons: reasons, escalatedAt: T1, level: 'subbranch' }, 'breach', 'branch', T2);
    expect(reasons).toEqual(['manual']);
  });

  it.each([
    ['outlet', 'subbranch', 'subbranch'],
    ['subbranch', 'branch', 'branch'],
    ['branch', 'province', 'province'],
    ['province', 'branch', 'province'],
    ['branch', 'outlet', 'branch'],
    ['branch', 'branch', 'branch'],
  ] as const)('§6: from %s, escalating to %s leaves the case at %s (never lowered)', (from: Level, to: Level, want: Level) => {
    expect(escalationPatch({ escalationReasons: [], escalatedAt: null, level: from }, 'manual', to, T1).level).toBe(want);
  });

  it.each([
    ['media', 'mediaThreat'],
    ['repeat', 'repeat'],
    ['skip_level', 'skipLevel'],
    ['cluster', 'cluster'],
    ['cross_province', 'crossProvince'],
  ] as const)('§6: reason %s sets the case flag %s', (reason, flag) => {
    const p = escalationPatch(fresh, reason, 'province', T1);
    expect(p[flag]).toBe(true);
    const others = (['mediaThreat', 'repeat', 'skipLevel', 'cluster', 'crossProvince'] as const).filter((f) => f !== flag);
    for (const f of others) expect(p).not.toHaveProperty(f);
  });

  it.each(['manual', 'breach'] as const)('§6: reason %s sets no §7 flag', (reason) => {
    const p = escalationPatch(fresh, reason, 'subbranch', T1);
    for (const f of ['mediaThreat', 'repeat', 'skipLevel', 'cluster', 'crossProvince'] as const) expect(p).not.toHaveProperty(f);
    expect(p).toMatchObject({ escalated: true, escalationReasons: [reason], level: 'subbranch' });
  });
});

describe('oneLevelUp (§6 manual and breach escalation go one level up)', () => {
  // the ancestors of outlet OUT-12, nearest first (as the roster lists them)
  const chain = [
    { code: 'SB01', level: 'subbranch' as const },
    { code: 'BR01', level: 'branch' as const },
    { code: 'PROV', level: 'province' as const },
  ];

  it('§6: from the outlet one level up is the sub-branch', () => {
    expect(oneLevelUp(chain, 'outlet')?.code).toBe('SB01');
  });

  it('§6: from the sub-branch it is the branch, from the branch the province', () => {
    expect(oneLevelUp(chain, 'subbranch')?.code).toBe('BR01');
    expect(oneLevelUp(chain, 'branch')?.code).toBe('PROV');
  });

  it('§6: at the province there is nowhere to go', () => {
    expect(oneLevelUp(chain, 'province')).toBeNull();
  });

  it('§2: a missing level in the tree is skipped (outlet directly under a branch)', () => {
    expect(oneLevelUp(chain.slice(1), 'outlet')?.code).toBe('BR01');
  });
});
