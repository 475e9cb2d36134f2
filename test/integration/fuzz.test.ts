import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, validate } from '../../commands/index.ts';
import { CommandSyntaxError } from '../../commands/parse.ts';
import { testDesk, type TestDesk } from '../helpers/desk.ts';

let d: TestDesk;
beforeAll(async () => {
  d = await testDesk();
  await d.at('09:00');
  await d.run('zhang', '/complaint new category=urgent_cash phone=13800001111 取不出钱');
  await d.run('zhang', '/complaint new 排队');
  await d.run('zhang', '/complaint resolve C2 fault=at_fault valid=yes');
  await d.scheduler.stop();
});
afterAll(async () => {
  await d.close();
});

const nasty = fc.constantFrom(
  '\'; DROP TABLE "Case"; --',
  '<script>alert(1)</script>',
  '${process.exit(1)}',
  '\u0000',
  '\u202e\u200b',
  '😀👨‍👩‍👧',
  '記者',
  '%s%n',
  '../../etc/passwd',
  'C1',
  'C0',
  'C99999999999',
  '@li',
  '@',
  'unit=OUT-12',
  'unit=',
  'category=4',
  'category=-1',
  'fault=at_fault',
  'valid=yes',
  'phone=+8613800001111',
  'vip=是',
  '9999999999',
  '1e9',
  '0.001',
  '/',
  '"',
  '="',
  'x'.repeat(3000),
);
const token = fc.oneof(nasty, fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 12 }), fc.integer().map(String));
const commandLine = fc
  .tuple(fc.constantFrom(...COMMANDS.map((c) => c.name), 'NEW', 'frob', ''), fc.array(token, { maxLength: 8 }))
  .map(([c, args]) => `/complaint ${c} ${args.join(' ')}`);
const actor = fc.constantFrom('zhang', 'li', 'ma', 'chen', 'nobody', 'ZHANG', '');

describe('fuzz: generated command strings (issue 7)', () => {
  it('never crashes, answers every input, and writes nothing when it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(
        actor,
        fc.oneof(commandLine, fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 20_000 })),
        async (who, text) => {
          const before = await d.counts();
          const r = await d.core.desk.handleText(who, text);
          expect(['ack', 'error']).toContain(r.kind);
          expect(r.text.length).toBeGreaterThan(0);
          expect(r.text.length).toBeLessThan(20_000);
          if (!r.ok) expect(await d.counts()).toEqual(before);
        },
      ),
      { numRuns: 1500 },
    );
    // the database is intact and still answers
    expect((await d.core.desk.handleText('zhang', '/complaint show C1')).ok).toBe(true);
  }, 240_000);
});

describe('fuzz: modal / slash-option payloads of wrong types', () => {
  const anyValue = fc.oneof(
    fc.string({ maxLength: 50 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.object({ maxDepth: 2 }),
    nasty,
  );
  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    'validate(%s) either accepts or refuses with a CommandSyntaxError (a refusal)',
    (_n, def) => {
      const keys = [...def.options.map((o) => o.name), 'text', '__proto__', 'constructor', 'extra'];
      fc.assert(
        fc.property(fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: keys.length }), (raw) => {
          try {
            const p = validate(def, raw);
            expect(p.def).toBe(def);
          } catch (e) {
            expect(e).toBeInstanceOf(CommandSyntaxError);
            expect((e as CommandSyntaxError).usage).toBe(def.usage);
          }
        }),
        { numRuns: 300 },
      );
    },
  );
});
