/**
 * §17 the work-order API against a real `serve` (HTTP on PORT, SQLite), with Node's fetch as the hotline's ticket
 * system: filing, idempotent retries (Idempotency-Key and external_id), every refusal writing nothing, reading a
 * case (masked; another token's is a 404), the OpenAPI document checked by a standard validator, and every answer
 * the tests receive checked against that document's schemas.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfig, PROJECT_ROOT } from '../../src/cli/config.ts';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { atLocal } from '../../src/core/domain/time.ts';
import { StartupError } from '../../src/startup-error.ts';

const TZ = 'Asia/Shanghai';
const HOTLINE = 'hl-secret-0123456789abcdef';
const OTHER = 'crm-secret-fedcba9876543210';
const RATE = 30;

/** The demo roster with a low API rate, so the 429 is reached quickly. */
function roster(dir: string): string {
  const doc = parse(readFileSync(join(PROJECT_ROOT, 'examples', 'demo-roster.yml'), 'utf8')) as { settings: Record<string, unknown> };
  doc.settings.api_rate_per_min = RATE;
  const path = join(dir, 'roster.yml');
  writeFileSync(path, stringify(doc));
  return path;
}

interface Doc {
  components: { schemas: Record<string, object> };
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: { $ref: string } }> }> }>>;
}

describe('§17 the work-order API on serve', () => {
  const clock = new ManualClock(atLocal('2026-12-06', '21:30', TZ));
  const logLines: string[] = [];
  let server: RunningServer;
  let base: string;
  let doc: Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const checked: string[] = [];

  /** Checks an answer against the document's schema for (path, method, status). */
  function conforms(path: string, method: string, status: number, body: unknown) {
    const response = doc.paths[path][method].responses[String(status)];
    expect(response, `${method} ${path} ${status} is documented`).toBeDefined();
    const ref = response.content?.['application/json']?.schema?.$ref;
    if (!ref) return;
    const schema = doc.components.schemas[ref.split('/').pop()!];
    const validate = ajv.compile(schema);
    expect(validate(body), `${method} ${path} ${status}: ${JSON.stringify(validate.errors)}`).toBe(true);
    checked.push(`${method} ${status}`);
  }

  async function call(
    method: 'GET' | 'POST',
    path: string,
    opts: { token?: string | null; body?: unknown; raw?: string; type?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? HOTLINE}`;
    if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = opts.type ?? 'application/json';
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
    const body = (await res.json()) as Record<string, unknown>;
    const documented = path.startsWith('/api/v1/cases/') ? '/api/v1/cases/{id}' : path;
    if (doc && path !== '/api/v1/openapi.json') conforms(documented, method.toLowerCase(), res.status, body);
    return { status: res.status, body, headers: res.headers };
  }

  const caseCount = async () => (await server.core.store.listCases({ status: 'all' })).length;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-api-'));
    const config = loadConfig({
      PORT: '0',
      DATABASE_URL: `file:${join(dir, 'desk.sqlite')}`,
      ROSTER: roster(dir),
      API_TOKENS: `hotline95566:${HOTLINE},crm:${OTHER}`,
    });
    const log = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          logLines.push(chunk.toString());
          cb();
        },
      }),
    );
    server = await startServer({ config, clock, host: '127.0.0.1', log });
    base = server.url;
    const res = await fetch(`${base}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as Doc;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('serves an OpenAPI 3.1 document that a standard validator accepts', async () => {
    const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect((doc as unknown as { openapi: string }).openapi).toBe('3.1.0');
    // generated from the schema the handler validates with: its fields and required list
    const order = doc.components.schemas.WorkOrder as {
      properties: Record<string, unknown>;
      required: string[];
      additionalProperties: boolean;
    };
    expect(Object.keys(order.properties).sort()).toEqual([
      'category',
      'channel',
      'customer',
      'external_id',
      'phone',
      'request',
      'text',
      'unit',
      'vip',
    ]);
    expect(order.required.sort()).toEqual(['text', 'unit']);
    expect(order.additionalProperties).toBe(false);
  });

  it('files a work order: 201 with the case, its owner, handler and deadlines; the retry with the same key is 200 and the same case', async () => {
    const before = await caseCount();
    const order = {
      unit: 'OUT-12',
      category: 'waiting',
      customer: '王小明',
      phone: '13912345678',
      text: '排队两小时无人处理',
      request: '要求道歉',
    };
    const first = await call('POST', '/api/v1/cases', { body: order, headers: { 'idempotency-key': 'ticket-7781-try' } });
    expect(first.status).toBe(201);
    expect(first.body.id).toMatch(/^C\d+$/);
    expect(first.body.unit).toBe('OUT-12');
    expect(first.body.owner).not.toMatch(/^api:/);
    const deadlines = first.body.deadlines as { kind: string; due_at: string }[];
    expect(deadlines.length).toBeGreaterThan(0);
    for (const d of deadlines) expect(d.due_at).toMatch(/^2026-12-0\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(first.headers.get('location')).toBe(`/api/v1/cases/${first.body.id as string}`);
    const again = await call('POST', '/api/v1/cases', { body: order, headers: { 'idempotency-key': 'ticket-7781-try' } });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await caseCount()).toBe(before + 1);
    // the case is the same one `/complaint new` would open: opened by api:NAME, in the timeline, with its card queued
    const c = await server.core.store.tx((tx) => tx.getCase(Number((first.body.id as string).slice(1))));
    expect(c?.openerHandle).toBe('api:hotline95566');
    expect(c?.intake).toBe('hotline');
    expect(c?.request).toBe('要求道歉');
  });

  it('the same external_id from the same token is the same case; from another token it is another work order', async () => {
    const order = { unit: 'OUT-31', text: 'ATM吞卡', external_id: 'WO-2026-0042' };
    const a = await call('POST', '/api/v1/cases', { body: order });
    const b = await call('POST', '/api/v1/cases', { body: { ...order, text: 'ATM吞卡（重发）' } });
    expect([a.status, b.status]).toEqual([201, 200]);
    expect(b.body.id).toBe(a.body.id);
    const other = await call('POST', '/api/v1/cases', { token: OTHER, body: order });
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(a.body.id);
  });

  it('refuses a bad work order with every field named, and writes nothing', async () => {
    const before = await caseCount();
    const bad = await call('POST', '/api/v1/cases', {
      body: { unit: 'no such unit!', category: 'nonsense', channel: 'pigeon', phone: '12ab', vip: 'maybe', text: '', colour: 'red' },
    });
    expect(bad.status).toBe(400);
    const fields = (bad.body.errors as { field: string; message: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['category', 'channel', 'colour', 'phone', 'text', 'unit', 'vip']);
    for (const e of bad.body.errors as { message: string }[]) expect(e.message.length).toBeGreaterThan(3);
    // missing required fields are named as such
    const empty = await call('POST', '/api/v1/cases', { body: {} });
    expect(empty.status).toBe(400);
    expect((empty.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['text', 'unit']);
    // a unit the roster does not know passes the form but is refused by the same rule as /complaint new
    const unknown = await call('POST', '/api/v1/cases', { body: { unit: 'OUT-99', text: '测试' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'unit', message: expect.stringContaining('OUT-99') }]);
    expect(await caseCount()).toBe(before);
  });

  it('401 without or with a wrong token (no case data), 415 for a body that is not JSON, 413 over 64 KB, 400 for broken JSON', async () => {
    const before = await caseCount();
    const none = await call('POST', '/api/v1/cases', { token: null, body: { unit: 'OUT-12', text: 'x' } });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await call('GET', '/api/v1/cases/C1', { token: 'not-a-token' });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.body)).not.toMatch(/OUT-|C1"/);
    const text = await call('POST', '/api/v1/cases', { raw: 'unit=OUT-12 text=hello', type: 'text/plain' });
    expect(text.status).toBe(415);
    const big = await call('POST', '/api/v1/cases', { body: { unit: 'OUT-12', text: 'x', request: 'y'.repeat(70 * 1024) } });
    expect(big.status).toBe(413);
    const broken = await call('POST', '/api/v1/cases', { raw: '{"unit": "OUT-12", ' });
    expect(broken.status).toBe(400);
    expect(await caseCount()).toBe(before);
  });

  it("GET answers the token's own case with customer data masked; another token's case is 404", async () => {
    const filed = await call('POST', '/api/v1/cases', {
      body: { unit: 'OUT-21', customer: '欧阳娜娜', phone: '13711112222', text: '客户13711112222投诉转账未到账' },
    });
    const id = filed.body.id as string;
    const got = await call('GET', `/api/v1/cases/${id.toLowerCase()}`);
    expect(got.status).toBe(200);
    expect(got.body.id).toBe(id);
    const json = JSON.stringify(got.body);
    expect(json).not.toContain('13711112222');
    expect(json).not.toContain('欧阳娜娜');
    expect((got.body.customer as { phone: string }).phone).toBe('137****2222');
    expect((got.body.timeline as { action: string }[])[0].action).toBe('opened');
    const theirs = await call('GET', `/api/v1/cases/${id}`, { token: OTHER });
    expect(theirs.status).toBe(404);
    expect(JSON.stringify(theirs.body)).not.toContain('OUT-21');
    const missing = await call('GET', '/api/v1/cases/C99999');
    expect(missing.status).toBe(404);
  });

  it('429 with Retry-After beyond api_rate_per_min for one token, the other token unaffected; the minute after, it passes again', async () => {
    clock.set(atLocal('2026-12-06', '22:00', TZ)); // a full bucket
    let limited: Awaited<ReturnType<typeof call>> | null = null;
    for (let i = 0; i < RATE + 1 && !limited; i++) {
      const r = await call('GET', '/api/v1/cases/C99999');
      if (r.status === 429) limited = r;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await call('GET', '/api/v1/cases/C99999', { token: OTHER })).status).toBe(404);
    clock.set(atLocal('2026-12-06', '22:01', TZ));
    expect((await call('GET', '/api/v1/cases/C99999')).status).toBe(404);
  });

  it('counts requests in /metrics by route and status, and logs no token, case or customer data', async () => {
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/complaint_api_requests_total\{route="cases",status="201"\} \d+/);
    expect(metrics).toMatch(/complaint_api_requests_total\{route="cases",status="400"\} \d+/);
    expect(metrics).toMatch(/complaint_api_requests_total\{route="case",status="429"\} \d+/);
    const logs = logLines.join('');
    expect(logs).toContain('api request');
    for (const secret of [HOTLINE, OTHER, '13912345678', '王小明', '排队两小时', 'WO-2026-0042']) expect(logs).not.toContain(secret);
    // /healthz is unchanged by the API (the scheduler catches up with the test's clock first)
    // (a pass measures its lag before it fires: the second pass after the test's clock jumped sees none)
    await server.scheduler.tick();
    await server.scheduler.tick();
    const health = await fetch(`${base}/healthz`);
    expect(health.status, await health.clone().text()).toBe(200);
    expect(checked.length).toBeGreaterThan(10);
  });
});

describe('§17 without API_TOKENS', () => {
  it('the API answers 404 and /healthz still works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-api-off-'));
    const server = await startServer({
      config: loadConfig({ PORT: '0', DATABASE_URL: `file:${join(dir, 'd.sqlite')}` }),
      host: '127.0.0.1',
      log: pino({ level: 'silent' }),
    });
    try {
      for (const [method, path] of [
        ['POST', '/api/v1/cases'],
        ['GET', '/api/v1/cases/C1'],
        ['GET', '/api/v1/openapi.json'],
      ] as const) {
        const res = await fetch(`${server.url}${path}`, {
          method,
          headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
          body: method === 'POST' ? '{}' : undefined,
        });
        expect(res.status, `${method} ${path}`).toBe(404);
      }
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('API_TOKENS is checked at start, its secrets never echoed', () => {
    expect(loadConfig({ API_TOKENS: 'a:s1,b:s2' }).API_TOKENS).toEqual([
      { name: 'a', secret: 's1' },
      { name: 'b', secret: 's2' },
    ]);
    for (const bad of ['justasecret', 'a:s1,a:s2', 'bad name:s', ':s', 'a:']) {
      let err: unknown;
      try {
        loadConfig({ API_TOKENS: bad });
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(StartupError);
      expect(String((err as Error).message)).toContain('API_TOKENS');
      expect(String((err as Error).message)).not.toMatch(/justasecret|s1|s2/);
    }
  });
});
