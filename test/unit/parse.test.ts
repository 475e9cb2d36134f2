import { describe, expect, it } from 'vitest';
import { COMMANDS, parseCommandText } from '../../commands/index.ts';
import { CommandSyntaxError } from '../../commands/parse.ts';

/** A parsed command's values read loosely (each subcommand's values have their own type). */
const valuesOf = (text: string) => parseCommandText(text).values as Record<string, unknown>;

const fails = (text: string): CommandSyntaxError => {
  try {
    parseCommandText(text);
  } catch (e) {
    expect(e).toBeInstanceOf(CommandSyntaxError);
    return e as CommandSyntaxError;
  }
  throw new Error(`expected "${text}" to be refused`);
};

describe('command grammar (SPEC §9)', () => {
  it('parses new with options, matter and request', () => {
    const p = parseCommandText(
      '/complaint new unit=out-12 category=4 channel=phone customer=王芳 phone=138-0000-1111 vip=yes 取不出钱 / 当天取5000',
    );
    expect(p.def.name).toBe('new');
    expect(p.values).toMatchObject({
      unit: 'OUT-12',
      category: 'urgent_cash',
      channel: 'phone',
      customer: '王芳',
      phone: '13800001111',
      vip: true,
    });
    expect((p.values as Record<string, unknown>).text).toBe('取不出钱 / 当天取5000');
  });

  it('accepts categories by number and slug, case ids in any case, quoted names', () => {
    expect(valuesOf('new category=MEDIA x').category).toBe('media');
    expect(valuesOf('new category=13 x').category).toBe('cross_province');
    expect(valuesOf('show c12').case).toBe(12);
    expect(parseCommandText('new customer="John Smith" card swallowed').values).toMatchObject({
      customer: 'John Smith',
      text: 'card swallowed',
    });
    expect(parseCommandText('resolve C3 fault=shared valid=no 客户满意').values).toMatchObject({
      case: 3,
      fault: 'shared',
      valid: false,
      text: '客户满意',
    });
    expect(parseCommandText('resolve C3 客户满意 valid=yes fault=at_fault').values).toMatchObject({
      fault: 'at_fault',
      valid: true,
      text: '客户满意',
    });
    expect(valuesOf('pay C1 2000.50').amount).toBe(200050);
    expect(parseCommandText('list overdue unit=BR01').values).toMatchObject({ filter: 'overdue', unit: 'BR01' });
    expect(valuesOf('summary 2026-12-01').date).toBe('2026-12-01');
    expect(valuesOf('assign C1 @li').handle).toBe('li');
  });

  it.each([
    ['', 'err_empty'],
    ['/complaint frobnicate C1', 'err_unknown_command'],
    ['new', 'err_missing_arg'],
    ['new category=99 x', 'err_bad_value'],
    ['new category=lunch x', 'err_bad_value'],
    ['new channel=pigeon x', 'err_bad_value'],
    ['new phone=abc x', 'err_bad_value'],
    ['new vip=maybe x', 'err_bad_value'],
    ['new colour=red x', 'err_unknown_option'],
    ['new unit=A unit=B x', 'err_duplicate_option'],
    ['show', 'err_missing_arg'],
    ['show 12', 'err_bad_value'],
    ['show C1 extra words', 'err_unexpected_text'],
    ['assign C1', 'err_missing_arg'],
    ['resolve C1 fault=at_fault', 'err_missing_arg'],
    ['resolve C1 fault=maybe valid=yes', 'err_bad_value'],
    ['pay C1 -5', 'err_bad_value'],
    ['pay C1 0', 'err_bad_value'],
    ['note C1', 'err_missing_arg'],
    ['list everything', 'err_bad_value'],
    ['summary 2026-13-40', 'err_bad_value'],
    [`note C1 ${'长'.repeat(2001)}`, 'err_text_too_long'],
  ])('refuses %j with %s and the expected form', (text, code) => {
    const e = fails(text);
    expect(e.code).toBe(code);
  });

  it('every refusal about a known subcommand carries its usage line', () => {
    expect(fails('pay C1 abc').usage).toBe('/complaint pay CASE AMOUNT');
    expect(fails('show').usage).toBe('/complaint show CASE');
  });

  it('defines every subcommand of SPEC §9 once', () => {
    expect(COMMANDS.map((c) => c.name).sort()).toEqual(
      [
        'arrive',
        'assign',
        'escalate',
        'help',
        'list',
        'new',
        'note',
        'pay',
        'reopen',
        'reply',
        'report',
        'resolve',
        'show',
        'start',
        'summary',
        'transfer',
        'duty',
        'log',
        'worklog',
        'board',
        'form',
        'promise',
        'formal',
        'callback',
        'scorecard',
        'contacts',
        'notice',
        'line',
        'contacted',
        'phone',
      ].sort(),
    );
  });
});

describe('§15 grammar: contacted, phone, to=LEVEL', () => {
  it('reads to= as a level, by slug or shown name, and the reason after it', () => {
    expect(parseCommandText('/complaint escalate C3 to=province 客户扬言集体上访').values).toEqual({
      case: 3,
      to: 'province',
      text: '客户扬言集体上访',
    });
    expect(parseCommandText('/complaint transfer c3 to=分行').values).toEqual({ case: 3, to: 'branch' });
    expect(parseCommandText('/complaint escalate C3 需要关注').values).toEqual({ case: 3, text: '需要关注' });
    expect(parseCommandText('/complaint contacted C3 已致电').values).toEqual({ case: 3, text: '已致电' });
    expect(parseCommandText('/complaint phone C3').values).toEqual({ case: 3 });
  });
  it.each(['escalate C3 to=outlet', 'transfer C3 to=headoffice'])(
    'refuses an unknown or impossible level (%s), naming the levels',
    (cmd) => {
      let err: unknown;
      try {
        parseCommandText(`/complaint ${cmd}`);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CommandSyntaxError);
      expect(err).toMatchObject({ code: 'err_bad_value', params: { field: 'to', expected: { key: 'expected_level' } } });
    },
  );
  it('phone takes no text', () => {
    expect(() => parseCommandText('/complaint phone C3 please')).toThrow(CommandSyntaxError);
  });
});

describe('§12 duty, log, worklog grammar', () => {
  it('reads duty, duty take with unit and until, log text and worklog date', () => {
    expect(parseCommandText('/complaint duty').values).toEqual({});
    expect(parseCommandText('/complaint duty unit=br01').values).toEqual({ unit: 'BR01' });
    expect(parseCommandText('/complaint duty take unit=BR01 until=7:30').values).toEqual({ take: true, unit: 'BR01', until: '07:30' });
    expect(parseCommandText('/complaint duty take until＝２３:００').values).toEqual({ take: true, until: '23:00' });
    expect(parseCommandText('/complaint log 客户来电 / 已安抚').values).toEqual({ text: '客户来电 / 已安抚' });
    expect(parseCommandText('/complaint worklog 2026-12-01 unit=SB01').values).toEqual({ date: '2026-12-01', unit: 'SB01' });
  });
  it.each(['duty take until=24:00', 'duty take until=7', 'duty hand', 'log', 'worklog 2026-02-30'])('refuses %j', (text) => {
    expect(() => parseCommandText(text)).toThrow();
  });
});
