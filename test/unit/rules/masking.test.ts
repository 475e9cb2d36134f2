import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskFreeText, maskName, maskPhone } from '../../../src/core/rules/masking.ts';

describe('maskName (§3: customer names are masked in every chat post)', () => {
  it('§3: a two-character Chinese name keeps the surname: 张伟 → 张*', () => {
    expect(maskName('张伟')).toBe('张*');
  });

  it('§3: longer Chinese names hide every character after the first', () => {
    expect(maskName('王小明')).toBe('王**');
    expect(maskName('欧阳娜娜')).toBe('欧***');
  });

  it('§3: surrounding spaces are not part of the name', () => {
    expect(maskName(' 王芳 ')).toBe('王*');
  });

  it('§3: a one-character name is hidden completely', () => {
    expect(maskName('王')).toBe('*');
    expect(maskName('J')).toBe('*');
  });

  it('§3: Latin names keep the initial of each word', () => {
    expect(maskName('John Smith')).toBe('J*** S****');
    expect(maskName('  Mary   Ann  Lee ')).toBe('M*** A** L**');
  });

  it('§3: a short Latin word still hides at least one character', () => {
    expect(maskName('Li Wu')).toBe('L* W*');
    expect(maskName('A B')).toBe('A* B*');
  });

  it('§3: no name gives an empty string', () => {
    expect(maskName(null)).toBe('');
    expect(maskName(undefined)).toBe('');
    expect(maskName('')).toBe('');
  });
});

describe('maskPhone (§3: phones are masked as 138****1111)', () => {
  it('§3: a mobile number keeps the first 3 and the last 4 digits', () => {
    expect(maskPhone('13800001111')).toBe('138****1111');
  });

  it('§3: spaces do not leak digits', () => {
    expect(maskPhone('138 0000 1111')).toBe('138****1111');
  });

  it('§3: a longer number (country prefix) still shows only 3 + 4 characters', () => {
    const m = maskPhone('+8613800001111');
    expect(m).toBe('+86*******1111');
    expect(m).not.toContain('0000');
  });

  it('§3: an 11-digit landline is masked like a mobile', () => {
    expect(maskPhone('02168881234')).toBe('021****1234');
  });

  it('§3: a 7–10 digit number keeps 2 digits at each end', () => {
    expect(maskPhone('68881234')).toBe('68****34');
    expect(maskPhone('6888123')).toBe('68***23');
  });

  it('§3: a short number (hotline) shows only its last 2 digits', () => {
    expect(maskPhone('95566')).toBe('***66');
  });

  it('§3: no phone gives an empty string', () => {
    expect(maskPhone(null)).toBe('');
    expect(maskPhone(undefined)).toBe('');
    expect(maskPhone('')).toBe('');
  });
});

describe('maskFreeText (§3: PII inside notes written by staff)', () => {
  it('§3: a phone number in a note is masked', () => {
    expect(maskFreeText('客户电话13800001111，请回电')).toBe('客户电话138****1111，请回电');
  });

  it('§3: a phone written with spaces or dashes is masked too', () => {
    expect(maskFreeText('回电 138-0000-1111 或 138 0000 2222')).toBe('回电 138****1111 或 138****2222');
  });

  it('§3: a bank card number keeps only its first 3 and last 4 digits', () => {
    const out = maskFreeText('卡号 6222 0212 3456 7890 123 被吞');
    expect(out).toBe('卡号 622************0123 被吞');
    expect(out).not.toMatch(/\d{5,}/);
  });

  it("§3: the case's customer name is masked wherever it appears", () => {
    expect(maskFreeText('王芳说要投诉，王芳很生气', '王芳')).toBe('王*说要投诉，王*很生气');
  });

  it('§3: a Latin customer name is masked in the text', () => {
    expect(maskFreeText('John Smith called twice', 'John Smith')).toBe('J*** S**** called twice');
  });

  it('§3: name and phone in one note are both masked', () => {
    expect(maskFreeText('张伟 13800001111 已到网点', ' 张伟 ')).toBe('张* 138****1111 已到网点');
  });

  it('§3: short numbers (amounts, minutes, case ids) are left alone', () => {
    const text = '取款5000元，排队 45 分钟，见 C12，流水号123456';
    expect(maskFreeText(text)).toBe(text);
  });

  it('§3: a one-character name is not masked all over the text (it would hit every 王)', () => {
    expect(maskFreeText('王先生来了', '王')).toBe('王先生来了');
  });

  it('§3: without a customer name only numbers are masked', () => {
    expect(maskFreeText('王芳 13800001111', null)).toBe('王芳 138****1111');
  });

  it('§3: a date in a note (2026-12-01) is not taken for a phone number', () => {
    for (const t of ['客户 2027-03-15 再来', '约定 2025/11/30 办理', '日期20270315', '承诺 2027-01-09 17:45 前回复'])
      expect(maskFreeText(t)).toBe(t);
  });

  it('§3: an ID-card number (18 with X, or 15 digits) is masked, the text around it kept', () => {
    expect(maskFreeText('证件440301198807214417到柜')).toBe('证件440***********4417到柜');
    expect(maskFreeText('老证 420106750312081。')).toBe('老证 420********2081。');
    expect(maskFreeText('ID 37020219620817331x ok')).toBe('ID 370***********331x ok');
  });

  it('§3: a landline with its area code and a +86 mobile are masked', () => {
    expect(maskFreeText('请拨 0755-26881234 转')).toBe('请拨 075*****1234 转');
    expect(maskFreeText('tel:+86-15011112222')).toBe('tel:+86*******2222');
  });

  it('§3: customer= and phone= as typed in a command are masked', () => {
    expect(maskFreeText('new customer=刘德明 phone=66001234 卡被吞')).toBe('new customer=刘** phone=66****34 卡被吞');
    expect(maskFreeText('customer="Ann Lee" 来电')).toBe('customer="A** L**" 来电');
  });
});

// Property-style: random dates, times, amounts and case ids never change; random mobiles, landlines, ID and
// card numbers never survive whole, whatever text surrounds them.
describe('maskFreeText, property-style (§3)', () => {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const date = fc
    .tuple(
      fc.integer({ min: 1990, max: 2099 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 }),
      fc.constantFrom('-', '/', '.', ''),
    )
    .map(([y, m, d, s]) => `${y}${s}${pad(m, 2)}${s}${pad(d, 2)}`);
  const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${pad(h, 2)}:${pad(m, 2)}`);
  const amount = fc.oneof(
    fc.integer({ min: 1, max: 99_999_999 }).map(String),
    fc.tuple(fc.integer({ min: 0, max: 99_999_999_999 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${pad(b, 2)}`),
  );
  const caseId = fc.integer({ min: 1, max: 9_999_999 }).map((n) => `C${n}`);
  const word = fc.constantFrom('客户', '承诺', '取款', '元', '于', ' ', '，', '到', 'at', 'paid', '前办结', '\n');
  const harmless = fc.oneof(
    date,
    time,
    amount,
    caseId,
    fc.tuple(date, time).map(([d, t]) => `${d} ${t}`),
  );
  const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
  const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9)).map(([b, r]) => `1${b}${r}`);
  const landline = fc
    .tuple(fc.constantFrom('010', '021', '0755', '0571'), fc.integer({ min: 2, max: 8 }), digits(7))
    .map(([a, f, r]) => `${a}-${f}${r}`);
  const idCard = fc.tuple(digits(17), fc.constantFrom('X', '0', '7')).map(([a, b]) => a + b);
  const card = fc.tuple(fc.constantFrom('6222', '6217', '4367'), digits(12)).map(([a, b]) => a + b);

  it('dates, times, amounts and case ids are left exactly as written', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(harmless, word), { minLength: 1, maxLength: 12 }), (parts) => {
        // two numbers written side by side would be one number: keep a word between them
        const text = parts.join(' ');
        expect(maskFreeText(text)).toBe(text);
      }),
    );
  });

  it('phone, ID-card and card numbers never survive whole, and the words around them do', () => {
    fc.assert(
      fc.property(fc.oneof(mobile, landline, idCard, card), word, word, harmless, (pii, a, b, h) => {
        const out = maskFreeText(`${a}${pii}${b} ${h}`);
        expect(out).not.toContain(pii);
        expect(out.replace(/[\d*+X-]/g, '')).toBe(`${a}${b} ${h}`.replace(/[\d*+X-]/g, ''));
        expect(out.endsWith(` ${h}`)).toBe(true);
      }),
    );
  });
});
