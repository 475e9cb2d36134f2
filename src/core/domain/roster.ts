import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';
import { LINES, ZSettings, type TSettings } from './settings.ts';
import { parseDuty } from './duty-roster.ts';
import type { ShiftDef } from '../rules/duty.ts';

export { DEFAULT_MEDIA_KEYWORDS, ZSettings, type TSettings } from './settings.ts';

/** §2: the four levels of the organisation, top first. */
export const LEVELS = ['province', 'branch', 'subbranch', 'outlet'] as const;
export type Level = (typeof LEVELS)[number];
export const levelRank = (l: Level): number => LEVELS.indexOf(l);

const ROLES = ['leader', 'deputy', 'member', 'liaison', 'handler'] as const;
export type Role = (typeof ROLES)[number];

export { LINES, type BusinessLine } from './settings.ts';

const idString = z
  .union([z.string(), z.number(), z.bigint()])
  .transform((v) => String(v).trim())
  .pipe(z.string().min(1));

const ZChannels = z.object({
  console: z.string().min(1).optional(),
  slack: idString.optional(),
  discord: idString.optional(),
});

const ZUnit = z.object({
  code: idString.pipe(z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected letters, digits, "-" or "_"')),
  name: z.string().min(1),
  level: z.enum(LEVELS),
  parent: idString.optional(),
  channels: ZChannels.optional(),
  /** §14 the unit's mailbox (e.g. the branch union's, 分行工会信箱): it gets the day's report at the summary time */
  email: z.email('expected a mail address such as union@bank.example').optional(),
  /** §15.5 who talks to the press for this unit and its subtree (free text: a name and a number) */
  press_contact: z.string().trim().min(1, 'expected a name and a number, e.g. "王宣传 0571-88880001"').optional(),
  /** §15.5 the security (保卫) contact for aggressive customers (free text: a name and a number) */
  security_contact: z.string().trim().min(1, 'expected a name and a number, e.g. "保卫科 0571-88880110"').optional(),
});

const ZMember = z.object({
  handle: idString.pipe(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected letters, digits, ".", "-" or "_"')),
  name: z.string().min(1),
  unit: idString,
  role: z.enum(ROLES),
  line: z.enum(LINES).optional(),
  phone: idString.optional(),
  /** §15.5 the office phone (办公电话), besides `phone` (the mobile) */
  office_phone: idString.pipe(z.string().regex(/^[0-9+()\- ]{3,30}$/, 'expected an office phone number such as 0571-88880012')).optional(),
  slack: idString.optional(),
  discord: idString.optional(),
});

export type TUnit = z.infer<typeof ZUnit> & { consoleChannel?: string; hasChannels: boolean };
export type TMember = z.infer<typeof ZMember>;

interface RosterProblem {
  line?: number;
  /** the field, e.g. `units[3] (OUT-12).parent`; empty for a YAML syntax error */
  path: string;
  message: string;
}

/** A roster that failed validation: every problem with its line and field, as `line N, field PATH: message`. */
export class RosterError extends Error {
  constructor(
    readonly source: string,
    readonly problems: RosterProblem[],
  ) {
    super(
      `invalid roster ${source}:\n` +
        problems
          .map(
            (p) =>
              `  ${[p.line ? `line ${p.line}` : '', p.path ? `field ${p.path}` : ''].filter(Boolean).join(', ') || 'roster'}: ${p.message}`,
          )
          .join('\n'),
    );
    this.name = 'RosterError';
  }
}

/** The organisation: units, members and settings, with the lookups every rule needs. */
export class Roster {
  readonly units: TUnit[];
  readonly members: TMember[];
  private unitByCode = new Map<string, TUnit>();
  private memberByHandle = new Map<string, TMember>();
  private bySlack = new Map<string, TMember>();
  private byDiscord = new Map<string, TMember>();
  readonly province: TUnit;

  constructor(
    readonly settings: TSettings,
    units: TUnit[],
    members: TMember[],
    /** §12 the `duty:` shifts (值守) */
    readonly duty: readonly ShiftDef[] = [],
  ) {
    this.units = units;
    this.members = members;
    for (const u of units) this.unitByCode.set(u.code.toUpperCase(), u);
    for (const m of members) {
      this.memberByHandle.set(m.handle.toLowerCase(), m);
      if (m.slack) this.bySlack.set(m.slack, m);
      if (m.discord) this.byDiscord.set(m.discord, m);
    }
    this.province = units.find((u) => u.level === 'province')!;
  }

  /** §15.4 anger keywords */
  get angerKeywords(): string[] {
    return this.settings.anger_keywords;
  }

  get mediaKeywords(): string[] {
    return [...this.settings.media_keywords, ...this.settings.extra_media_keywords];
  }

  unit(code: string): TUnit | undefined {
    return this.unitByCode.get(code.trim().toUpperCase());
  }
  member(handle: string): TMember | undefined {
    return this.memberByHandle.get(handle.trim().replace(/^@/, '').toLowerCase());
  }
  memberBySlack(id: string): TMember | undefined {
    return this.bySlack.get(id);
  }
  memberByDiscord(id: string): TMember | undefined {
    return this.byDiscord.get(id);
  }
  unitBySlackChannel(id: string): TUnit | undefined {
    return this.units.find((u) => u.channels?.slack === id);
  }

  /** The unit itself, then its parent, …, up to the province. */
  ancestors(code: string): TUnit[] {
    const out: TUnit[] = [];
    let u = this.unit(code);
    while (u) {
      out.push(u);
      u = u.parent ? this.unit(u.parent) : undefined;
    }
    return out;
  }

  /** True when `upper` is `lower` or one of its ancestors. */
  isAncestorOrSelf(upper: string, lower: string): boolean {
    return this.ancestors(lower).some((u) => u.code === this.unit(upper)?.code);
  }

  /** §2: a unit without channels posts to its nearest ancestor's group channel. */
  groupUnit(code: string): TUnit {
    return this.ancestors(code).find((u) => u.hasChannels) ?? this.province;
  }

  /** §6 "level by level": every group on the way from the unit's group up to the province group. */
  groupChain(code: string): TUnit[] {
    const seen = new Set<string>();
    const out: TUnit[] = [];
    for (const u of this.ancestors(code)) {
      const g = this.groupUnit(u.code);
      if (!seen.has(g.code)) {
        seen.add(g.code);
        out.push(g);
      }
    }
    return out;
  }

  /** §2: the leaders of a group are the `leader` and `deputy` members of that group's unit. */
  leadersOf(groupCode: string): TMember[] {
    const code = this.unit(groupCode)?.code;
    return this.members.filter((m) => m.unit === code && (m.role === 'leader' || m.role === 'deputy'));
  }

  /** Leaders of every group at or above a unit (who may act on a case there, §9). */
  leadersAbove(code: string): TMember[] {
    const groups = new Set(this.ancestors(code).map((u) => u.code));
    return this.members.filter((m) => groups.has(m.unit) && (m.role === 'leader' || m.role === 'deputy'));
  }

  /** The branch a unit belongs to (the province itself for province-level units). */
  branchOf(code: string): TUnit {
    return this.ancestors(code).find((u) => u.level === 'branch') ?? this.province;
  }

  /** The member who takes a transferred work order by duty: the unit's liaison, else its handlers, else leaders. */
  dutyMemberOf(code: string): TMember | undefined {
    const unitCode = this.unit(code)?.code;
    const here = this.members.filter((m) => m.unit === unitCode);
    for (const role of ['liaison', 'handler', 'deputy', 'leader', 'member'] as const) {
      const m = here.find((x) => x.role === role);
      if (m) return m;
    }
    return undefined;
  }

  /** §15.5 the press or security contact of the unit or its nearest ancestor that has one, with that unit. */
  contactOf(code: string, kind: 'press_contact' | 'security_contact'): { contact: string; unit: TUnit } | undefined {
    for (const u of this.ancestors(code)) {
      const contact = u[kind];
      if (contact) return { contact, unit: u };
    }
    return undefined;
  }

  /** Every unit in the subtree rooted at `code` (itself included). */
  subtree(code: string): TUnit[] {
    const root = this.unit(code);
    if (!root) return [];
    return this.units.filter((u) => this.isAncestorOrSelf(root.code, u.code));
  }

  consoleChannelOf(groupCode: string): string {
    const u = this.unit(groupCode)!;
    return u.consoleChannel ?? `${u.code.toLowerCase()}-group`;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses and validates a roster file's text. Throws RosterError naming every bad line and field at once (§2): the
 * settings, each unit and each member are validated on their own, and the cross-checks (parents, duplicate codes and
 * handles, members' units) run on every field that is valid by itself, so one bad entry hides no other problem.
 */
export function parseRoster(text: string, source = 'roster'): Roster {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, intAsBigInt: true, prettyErrors: true });
  if (doc.errors.length) {
    throw new RosterError(
      source,
      doc.errors.map((e) => ({ line: e.linePos?.[0]?.line, path: '', message: `YAML syntax: ${e.message.split('\n')[0]}` })),
    );
  }
  const lineOf = (path: (string | number)[]): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  // YAML integers arrive as bigints. Identifiers stay exact strings (a Discord snowflake overflows a JS number);
  // every other integer (windows, limits) becomes a number.
  const ID_KEYS = new Set(['slack', 'discord', 'console', 'phone', 'office_phone', 'hotline', 'code', 'handle', 'unit', 'parent']);
  const data: unknown = JSON.parse(
    JSON.stringify(doc.toJS({ mapAsMap: false }) ?? {}, (k, v: unknown) =>
      typeof v === 'bigint' ? (ID_KEYS.has(k) ? String(v) : Number(v)) : v,
    ),
  );
  const problems: RosterProblem[] = [];
  const add = (path: (string | number)[], message: string) =>
    problems.push({ line: lineOf(path), path: describePath(path, data), message });
  const addIssues = (prefix: (string | number)[], error: z.ZodError) => {
    for (const i of error.issues) add([...prefix, ...(i.path as (string | number)[])], i.message);
  };
  const root = isRecord(data) ? data : {};
  if (!isRecord(data)) add([], 'expected a mapping with settings, units and members');

  const settings = ZSettings.safeParse(root.settings ?? {});
  if (!settings.success) addIssues(['settings'], settings.error);

  const listOf = (key: 'units' | 'members', required: boolean): unknown[] => {
    const v = root[key];
    if (!isRecord(data)) return [];
    if (v == null) {
      if (required) add([key], `expected a list of ${key} (at least the province)`);
      return [];
    }
    if (!Array.isArray(v)) {
      add([key], `expected a list of ${key}`);
      return [];
    }
    if (required && !v.length) add([key], 'expected at least one unit (the province)');
    return v;
  };
  const rawUnits = listOf('units', true);
  const rawMembers = listOf('members', false);
  /** One field of an entry, validated on its own: `ok` is false when the field itself is bad (already reported). */
  const field = <T>(schema: z.ZodType<T>, raw: unknown, key: string): { ok: true; value: T } | { ok: false } => {
    const r = schema.safeParse(isRecord(raw) ? raw[key] : undefined);
    return r.success ? { ok: true, value: r.data } : { ok: false };
  };

  // Units: each entry on its own, then the tree.
  const units: (TUnit | undefined)[] = rawUnits.map((raw, i) => {
    const r = ZUnit.safeParse(raw);
    if (!r.success) {
      addIssues(['units', i], r.error);
      return undefined;
    }
    const u = r.data;
    return { ...u, hasChannels: !!u.channels && Object.values(u.channels).some(Boolean), consoleChannel: u.channels?.console };
  });
  const unitCode = rawUnits.map((raw) => field(ZUnit.shape.code, raw, 'code'));
  const unitLevel = rawUnits.map((raw) => field(ZUnit.shape.level, raw, 'level'));
  /** Every valid unit code (upper case) → the index of its first entry, even when the entry has other problems. */
  const codes = new Map<string, number>();
  unitCode.forEach((c, i) => {
    if (!c.ok) return;
    const key = c.value.toUpperCase();
    if (codes.has(key)) add(['units', i, 'code'], `duplicate unit code "${c.value}" (first at units[${codes.get(key)}])`);
    else codes.set(key, i);
  });
  const provinces = unitLevel.filter((l) => l.ok && l.value === 'province').length;
  // With a unit whose level is itself bad, a missing province may be that unit: its own problem says so.
  if (provinces > 1 || (provinces === 0 && rawUnits.length && unitLevel.every((l) => l.ok)))
    add(['units'], `expected exactly one unit with level: province, found ${provinces}`);
  rawUnits.forEach((raw, i) => {
    const level = unitLevel[i];
    const parent = field(ZUnit.shape.parent, raw, 'parent');
    if (!level.ok || !parent.ok) return;
    if (level.value === 'province') {
      if (parent.value) add(['units', i, 'parent'], 'the province unit has no parent');
    } else if (!parent.value) {
      add(['units', i, 'parent'], `expected the code of the ${level.value}'s parent unit`);
    } else {
      const pi = codes.get(parent.value.toUpperCase());
      const parentLevel = pi === undefined ? undefined : unitLevel[pi];
      const parentCode = pi === undefined ? undefined : unitCode[pi];
      if (pi === undefined) add(['units', i, 'parent'], `unknown unit "${parent.value}" (expected one of the unit codes)`);
      else if (parentLevel?.ok && levelRank(parentLevel.value) >= levelRank(level.value))
        add(['units', i, 'parent'], `a ${level.value} must sit under a higher level, but "${parent.value}" is a ${parentLevel.value}`);
      else if (units[i] && parentCode?.ok) units[i].parent = parentCode.value;
    }
    // §2: the province group and the branch groups always have channels.
    const u = units[i];
    if (u && (u.level === 'province' || u.level === 'branch') && !u.hasChannels)
      add(['units', i], `a ${u.level} unit needs channels (e.g. channels: { console: ${u.code.toLowerCase()}-group })`);
  });

  // Members: each entry on its own, then handles, units and chat identities against the rest.
  const members: (TMember | undefined)[] = rawMembers.map((raw, i) => {
    const r = ZMember.safeParse(raw);
    if (!r.success) {
      addIssues(['members', i], r.error);
      return undefined;
    }
    return r.data;
  });
  const handles = new Map<string, number>();
  const chatIds = new Map<string, string>();
  rawMembers.forEach((raw, i) => {
    const handle = field(ZMember.shape.handle, raw, 'handle');
    if (handle.ok) {
      const key = handle.value.toLowerCase();
      if (handles.has(key)) add(['members', i, 'handle'], `duplicate handle "${handle.value}"`);
      else handles.set(key, i);
    }
    const unit = field(ZMember.shape.unit, raw, 'unit');
    if (unit.ok) {
      const ui = codes.get(unit.value.toUpperCase());
      const code = ui === undefined ? undefined : unitCode[ui];
      if (ui === undefined) add(['members', i, 'unit'], `unknown unit "${unit.value}" (expected one of the unit codes)`);
      else if (members[i] && code?.ok) members[i].unit = code.value;
    }
    for (const p of ['slack', 'discord'] as const) {
      const id = field(ZMember.shape[p], raw, p);
      if (!id.ok || !id.value) continue;
      const k = `${p}:${id.value}`;
      if (chatIds.has(k)) add(['members', i, p], `${p} id ${id.value} is already used by ${chatIds.get(k)}`);
      else chatIds.set(k, handle.ok ? handle.value : `members[${i}]`);
    }
  });

  // §12 duty shifts: units and handles must be on the roster
  const duty = parseDuty(root.duty, {
    add,
    unit: (c) => {
      const ui = codes.get(c.toUpperCase());
      const code = ui === undefined ? undefined : unitCode[ui];
      return code?.ok ? code.value : undefined;
    },
    handle: (h) => {
      const mi = handles.get(h.toLowerCase());
      const m = mi === undefined ? undefined : field(ZMember.shape.handle, rawMembers[mi], 'handle');
      return m?.ok ? m.value : undefined;
    },
    tz: settings.success ? settings.data.timezone : null,
  });

  if (problems.length || !settings.success) {
    // in file order; problems without a line (none expected) last
    const ordered = problems.map((p, n) => ({ p, n })).sort((a, b) => (a.p.line ?? Infinity) - (b.p.line ?? Infinity) || a.n - b.n);
    throw new RosterError(
      source,
      ordered.map((x) => x.p),
    );
  }
  return new Roster(settings.data, units as TUnit[], members as TMember[], duty);
}

function describePath(path: (string | number)[], raw: unknown): string {
  const data = (isRecord(raw) ? raw : {}) as {
    units?: { code?: unknown }[];
    members?: { handle?: unknown }[];
    duty?: { unit?: unknown }[];
  };
  let out = '';
  path.forEach((p, i) => {
    if (typeof p === 'number') {
      const owner = path[i - 1];
      const item =
        owner === 'units'
          ? data.units?.[p]?.code
          : owner === 'members'
            ? data.members?.[p]?.handle
            : owner === 'duty'
              ? data.duty?.[p]?.unit
              : undefined;
      out += `[${p}]${item ? ` (${String(item)})` : ''}`;
    } else out += (out ? '.' : '') + p;
  });
  return out;
}
