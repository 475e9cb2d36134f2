import { z } from 'zod';
import { CATEGORY_SLUGS, INTAKE_CHANNELS, LINES, type BusinessLine, type CategorySlug } from './categories.ts';

/** §6: default media keywords, simplified and traditional Chinese plus English. */
export const DEFAULT_MEDIA_KEYWORDS = [
  '媒体',
  '媒體',
  '记者',
  '記者',
  '曝光',
  '报社',
  '報社',
  '报纸',
  '報紙',
  '电视台',
  '電視台',
  '微博',
  '微信群',
  '抖音',
  '快手',
  '热搜',
  '熱搜',
  '发帖',
  '發帖',
  '新闻',
  '新聞',
  '舆论',
  '輿論',
  // Posting online is a threat; bare 网上/上网 is not (网上银行 online banking, 上网查询): §6 lists the phrases.
  '上网发帖',
  '上網發帖',
  '网上发帖',
  '網上發帖',
  '发到网上',
  '發到網上',
  '发网上',
  '發網上',
  '放到网上',
  '放到網上',
  '传到网上',
  '傳到網上',
  '挂到网上',
  '掛到網上',
  '贴到网上',
  '貼到網上',
  'press',
  'media',
  'journalist',
  'reporter',
  'newspaper',
  'social media',
  'go public',
  'going public',
  'tv station',
  'television',
  'weibo',
  'douyin',
  'tiktok',
  'twitter',
  'news',
];

/**
 * §15.4 (§四(三)14 "离开时有愤怒情绪，或出现过激言辞……都应立即逐级上报"): default anger keywords, simplified, traditional and
 * English. An agitated customer (情绪激动, 着急) is not anger: category 8's guide covers that at the outlet.
 */
export const DEFAULT_ANGER_KEYWORDS = [
  '愤怒离开',
  '愤然离开',
  '气愤离开',
  '生气离开',
  '拂袖而去',
  '过激',
  '扬言',
  '辱骂',
  '威胁',
  '憤怒離開',
  '憤然離開',
  '氣憤離開',
  '生氣離開',
  '過激',
  '揚言',
  '辱罵',
  '威脅',
  'left angry',
  'stormed out',
  'threatened',
  'abusive',
];

/** §15.7 (§四(三)6, 7, 10 "按业务条线上报"): the business lines each category is reported to. */
export const DEFAULT_CATEGORY_LINES = {
  customer_info: ['it', 'operations'],
  transaction: ['operations'],
  claim: ['personal_banking'],
} as const;

export { LINES, type BusinessLine } from './categories.ts';

/** Text shown on cutover-caused cases (统一口径), §4 category 2. */
const DEFAULT_UNIFIED_EXPLANATION =
  '我行正在进行核心系统升级切换，部分业务暂时受影响，系统恢复后将第一时间为您办理，给您带来不便敬请谅解。';

const hhmm = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:MM, e.g. "20:00"'));

const minutes = z.number().positive();

/** §四(三): categories 2–8 are the cutover-caused kinds. */
const DEFAULT_CUTOVER_CATEGORIES = ['cutover', 'loss_report', 'urgent_cash', 'atm', 'customer_info', 'transaction', 'waiting'] as const;
/** §3: six intake channels are external / skip-level; the provincial 95566 hotline is internal. */
export const DEFAULT_EXTERNAL_CHANNELS = ['hq_center', 'minxin', 'regulator', 'bank_association', 'consumer_association', 'media'] as const;
/** §6: the catch-all categories never form a cluster. */
const DEFAULT_CLUSTER_EXCLUDE = ['general', 'other_emergency'] as const;
/** §六.7 focus groups of the summary: cash customers, card holders, personal business. */
const DEFAULT_FOCUS_GROUPS = {
  cash: ['urgent_cash', 'atm', 'transaction'],
  card: ['loss_report', 'atm', 'customer_info'],
  personal: ['general', 'cutover', 'loss_report', 'urgent_cash', 'atm', 'customer_info', 'transaction', 'waiting'],
} as const;

const categories = z.array(z.enum(CATEGORY_SLUGS));

/** A real calendar date as YYYY-MM-DD (a YAML date arrives as a Date at UTC midnight). */
const calendarDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? (Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString().slice(0, 10)) : String(v).trim()))
  .pipe(
    z.string().refine((s) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    }, 'expected a real date as YYYY-MM-DD, e.g. "2026-12-09"'),
  );

/** A local date and time as "YYYY-MM-DD HH:MM". */
const localDateTime = z
  .string()
  .trim()
  .refine((s) => {
    const m = /^(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
    if (!m) return false;
    const d = new Date(`${m[1]}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === m[1];
  }, 'expected a local time as "YYYY-MM-DD HH:MM", e.g. "2026-12-05 18:00"');

/** §16.1 the outage window (停业期间), local time; the end must come after the start. */
export const ZCutover = z
  .object({ outage_from: localDateTime, outage_to: localDateTime })
  .strict()
  .superRefine((v, ctx) => {
    if (v.outage_to <= v.outage_from)
      ctx.addIssue({
        code: 'custom',
        path: ['outage_to'],
        message: `outage_to ("${v.outage_to}") must be later than outage_from ("${v.outage_from}")`,
      });
  });

export const ZSettings = z.object({
  timezone: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'expected an IANA time zone such as Asia/Shanghai')
    .default('Asia/Shanghai'),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  summary_time: hhmm.default('20:00'),
  unified_explanation: z.string().min(1).default(DEFAULT_UNIFIED_EXPLANATION),
  /** §五 windows in minutes. */
  sla: z
    .object({
      onsite: minutes.default(60),
      reply: minutes.default(240),
      report: minutes.default(480),
      transfer: minutes.default(60),
      start: minutes.default(120),
      /** §15.1: a handed-off 95566 case's contact calls the customer within 30 minutes */
      contact: minutes.default(30),
    })
    .prefault({}),
  /** §4 category 3: the oral loss report lapses after 5 days; remind after 4. */
  oral_loss_report_days: z.number().positive().default(5),
  oral_loss_report_remind_days: z.number().positive().default(4),
  reminder_fraction: z.number().gt(0).lt(1).default(0.8),
  repeat_every_minutes: minutes.default(30),
  repeat_max: z.number().int().min(0).max(20).default(4),
  repeat_window_days: z.number().positive().default(30),
  cluster_window_hours: z.number().positive().default(24),
  cluster_size: z.number().int().min(2).default(3),
  /** `/complaint list` shows this many cases a page, the most urgent first. */
  list_page_size: z.number().int().min(1).max(200).default(50),
  /** §13: how long a `/complaint board` link stays valid. */
  board_link_hours: z
    .number()
    .positive()
    .max(24 * 31)
    .default(12),
  /** §13: open board event streams a replica serves at most, and per link (a link is one person); beyond: 503. */
  board_streams_max: z.number().int().min(1).default(500),
  board_streams_per_link: z.number().int().min(1).default(8),
  media_keywords: z.array(z.string().min(1)).default(DEFAULT_MEDIA_KEYWORDS),
  extra_media_keywords: z.array(z.string().min(1)).default([]),
  cutover_categories: categories.default([...DEFAULT_CUTOVER_CATEGORIES]),
  external_channels: z.array(z.enum(INTAKE_CHANNELS)).default([...DEFAULT_EXTERNAL_CHANNELS]),
  cluster_exclude: categories.default([...DEFAULT_CLUSTER_EXCLUDE]),
  focus_groups: z
    .object({
      cash: categories.default([...DEFAULT_FOCUS_GROUPS.cash]),
      card: categories.default([...DEFAULT_FOCUS_GROUPS.card]),
      personal: categories.default([...DEFAULT_FOCUS_GROUPS.personal]),
    })
    .prefault({}),
  /** A nag or summary that goes out more than this after its moment says it is late (the bot was down). */
  late_after_minutes: z.number().positive().default(2),
  payment_limit: z.object({ ordinary: z.number().positive().default(5000), vip: z.number().positive().default(10000) }).prefault({}),
  /** §15.4 anger keywords: a case whose text or a later note matches one escalates to the province (reason `anger`) */
  anger_keywords: z.array(z.string().min(1)).default(DEFAULT_ANGER_KEYWORDS),
  /** §15.5 the provincial 24-hour line printed on the outage notice */
  hotline: z
    .union([z.string(), z.number()])
    .transform((v) => String(v).trim())
    .pipe(z.string().min(1))
    .default('95566'),
  /** §15.7 categories reported along business lines: category slug → lines */
  category_lines: z
    .partialRecord(z.enum(CATEGORY_SLUGS), z.array(z.enum(LINES)).min(1))
    .default(
      () =>
        Object.fromEntries(Object.entries(DEFAULT_CATEGORY_LINES).map(([k, v]) => [k, [...v]])) as Partial<
          Record<CategorySlug, BusinessLine[]>
        >,
    ),
  /** §14 the daily report mail's sender (From:), e.g. "投诉处理值守 <complaint-desk@bank.example>" */
  mail_from: z.string().trim().min(3).default('complaint-desk <complaint-desk@localhost>'),
  /** §16.1 the outage window; without it no rule of §16.1 applies. */
  cutover: ZCutover.optional(),
  /** §16.4 public holidays (no working day) and worked weekend days (调休), as dates. */
  holidays: z.array(calendarDate).default([]),
  workdays: z.array(calendarDate).default([]),
  /** §16.4 general complaints take one working day (`normal`), or §5's windows (`cutover`). */
  general_process: z.enum(['normal', 'cutover']).default('normal'),
  /** §17 the work-order API: requests a minute one token may make (beyond them: 429 with Retry-After). */
  api_rate_per_min: z.number().int().min(1).max(1_000_000).default(120),
});

export type TSettings = z.infer<typeof ZSettings>;
