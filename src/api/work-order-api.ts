/**
 * §17 the work-order API on `serve`'s PORT: the provincial 95566 centre files its work orders from its own ticket
 * system ("不落地": passed straight to the outlet, §15.1). It runs the same use case as `/complaint new`, through the
 * same desk (one transaction, the same outbox), and receives only what it needs: a way to file a work order, a way
 * to read a case, the tokens, the clock and its counters. It never sees the database.
 *
 * Refusals write nothing: a token is checked first (401 without case data), then the rate (429 with Retry-After),
 * the media type (415), the size (413) and every field (400, each problem named); only then is the desk called.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ZodError } from 'zod';
import type { CaseRecord, DeadlineRecord, TimelineRecord } from '../core/domain/case.ts';
import { caseLabel } from '../core/domain/case.ts';
import { isoLocal } from '../core/domain/time.ts';
import type { Clock } from '../core/ports/clock.ts';
import { apiWord, type ApiWord } from '../core/i18n/api-words.ts';
import type { Locale } from '../core/i18n/messages.ts';
import { maskFreeText, maskName, maskPhone } from '../core/rules/masking.ts';
import { WORK_ORDER_KEY_PREFIX } from '../core/use-cases/file-work-order.ts';
import type { Reply } from '../core/use-cases/use-case.ts';
import type { OpenCaseInput } from '../core/use-cases/open-case.ts';
import { openApiDocument, ZWorkOrder, type TWorkOrder } from './work-order-schema.ts';
import { EXPECTED } from '../../commands/define.ts';
import { newCommand } from '../../commands/new.ts';
import { t } from '../core/i18n/messages.ts';

/** §17: a body over 64 KB is refused (413). */
export const MAX_BODY_BYTES = 64 * 1024;

export interface ApiToken {
  name: string;
  secret: string;
}

/** The one case the API shows, with what it shows of it. */
export interface CaseForApi {
  c: CaseRecord;
  deadlines: DeadlineRecord[];
  timeline: TimelineRecord[];
}

export interface WorkOrderApiDeps {
  /** from API_TOKENS; empty: the API answers 404 (§17) */
  tokens: readonly ApiToken[];
  /** files a work order for the opener `api:NAME`, idempotently under `keys` */
  file(opener: string, order: OpenCaseInput, keys: string[]): Promise<Reply>;
  /** a case and its deadlines and timeline, or null */
  read(id: number): Promise<CaseForApi | null>;
  clock: Clock;
  timezone: string;
  locale: Locale;
  /** settings.api_rate_per_min */
  ratePerMinute: number;
  version: string;
  /** counts a request by route and status (`/metrics`) */
  count?(route: string, status: number): void;
  /** logs a request: route, method, status and time only (never a token, case or customer data) */
  log?(entry: { route: string; method: string; status: number; ms: number }): void;
  /** wakes the scheduler so the hand-off's messages go out at once */
  poke?(): void;
}

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

/** A token bucket per token: `rate` requests a minute, refilled continuously. */
class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly rate: number,
    private readonly clock: Clock,
  ) {}
  /** 0 when allowed (and counted), else the seconds to wait. */
  take(name: string): number {
    const now = this.clock.now().getTime();
    const perMs = this.rate / 60_000;
    const b = this.buckets.get(name) ?? { tokens: this.rate, at: now };
    b.tokens = Math.min(this.rate, b.tokens + (now - b.at) * perMs);
    b.at = now;
    this.buckets.set(name, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
  }
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Compares the presented secret with every token's in constant time (no early exit, equal-length digests). */
function tokenOf(tokens: readonly ApiToken[], header: string | undefined): ApiToken | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const presented = digest(m[1]);
  let found: ApiToken | null = null;
  for (const t of tokens) if (timingSafeEqual(presented, digest(t.secret)) && !found) found = t;
  return found;
}

/** Reads the body up to `max` bytes; null when it is longer. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > max) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const ROUTE_CASES = '/api/v1/cases';
const CASE_PATH = /^\/api\/v1\/cases\/([Cc]?\d{1,9})$/;

export interface WorkOrderApi {
  /** Answers the request when it is the API's (true), else leaves it (false). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

export function createWorkOrderApi(deps: WorkOrderApiDeps): WorkOrderApi {
  const limiter = new RateLimiter(deps.ratePerMinute, deps.clock);
  // the document never changes while the process runs: built on the first request
  let document: Record<string, unknown> | undefined;
  const w = (word: ApiWord, params: Record<string, string | number> = {}) => apiWord(deps.locale, word, params);
  const refuse = (status: number, field: string, message: string, headers?: Record<string, string>): Answer => ({
    status,
    body: { errors: [{ field, message }] },
    headers,
  });
  const iso = (d: Date) => isoLocal(d, deps.timezone);
  const deadlinesOf = (ds: DeadlineRecord[]) =>
    ds.filter((d) => d.state !== 'cancelled').map((d) => ({ kind: d.kind, due_at: iso(d.dueAt) }));
  const created = (x: CaseForApi) => ({
    id: caseLabel(x.c.id),
    unit: x.c.unitCode,
    owner: x.c.ownerHandle,
    handler: x.c.handlerHandle,
    deadlines: deadlinesOf(x.deadlines.filter((d) => d.state === 'pending')),
  });

  async function post(req: IncomingMessage, token: ApiToken): Promise<Answer> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json' && !type.endsWith('+json')) {
      req.resume();
      return refuse(415, '', w('not_json'));
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      req.resume();
      return refuse(413, '', w('too_large', { max: MAX_BODY_BYTES / 1024 }));
    }
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (!raw) return refuse(413, '', w('too_large', { max: MAX_BODY_BYTES / 1024 }));
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return refuse(400, '', w('bad_json'));
    }
    const parsed = ZWorkOrder.safeParse(body);
    if (!parsed.success) return { status: 400, body: { errors: fieldErrors(parsed.error, deps.locale) } };
    const order = parsed.data;
    const idem = req.headers['idempotency-key'];
    const idemKey = typeof idem === 'string' ? idem.trim() : '';
    if (idemKey.length > 128) return refuse(400, 'Idempotency-Key', w('idem_too_long'));
    // a key is the token's own: another token's same key or ticket id is another work order
    const prefix = `${WORK_ORDER_KEY_PREFIX}${token.name}:`;
    const keys = [...(idemKey ? [`${prefix}key:${idemKey}`] : []), ...(order.external_id ? [`${prefix}ext:${order.external_id}`] : [])];
    const reply = await deps.file(`api:${token.name}`, toOpenCase(order), keys);
    if (!reply.ok || reply.caseId === null) return refuse(400, fieldOfRefusal(reply.code), reply.text);
    if (!reply.opened) throw new Error(`case ${reply.caseId} filed without its record`);
    const x = { c: reply.opened.record, deadlines: reply.opened.deadlines, timeline: [] };
    if (!reply.replayed) deps.poke?.();
    return { status: reply.replayed ? 200 : 201, body: created(x), headers: { location: `${ROUTE_CASES}/${caseLabel(x.c.id)}` } };
  }

  async function get(id: number, token: ApiToken): Promise<Answer> {
    const x = await deps.read(id);
    // another token's case is not there, as far as this token knows (no hint that it exists)
    if (!x || x.c.openerHandle !== `api:${token.name}`) return refuse(404, 'id', w('no_case', { id: caseLabel(id) }));
    const { c } = x;
    return {
      status: 200,
      body: {
        id: caseLabel(c.id),
        unit: c.unitCode,
        category: c.category,
        channel: c.intake,
        status: c.status,
        level: c.level,
        received_at: iso(c.receivedAt),
        owner: c.ownerHandle,
        handler: c.handlerHandle,
        customer: {
          name: c.customerName ? maskName(c.customerName) : null,
          phone: c.customerPhone ? maskPhone(c.customerPhone) : null,
          vip: c.vip,
        },
        matter: maskFreeText(c.matter, c.customerName),
        request: c.request === null ? null : maskFreeText(c.request, c.customerName),
        escalated: c.escalated,
        escalation_reasons: [...c.escalationReasons],
        resolved_at: c.resolvedAt ? iso(c.resolvedAt) : null,
        deadlines: x.deadlines
          .filter((d) => d.state !== 'cancelled')
          .map((d) => ({ kind: d.kind, due_at: iso(d.dueAt), state: d.state, completed_at: d.completedAt ? iso(d.completedAt) : null })),
        timeline: x.timeline.map((e) => ({
          at: iso(e.at),
          actor: e.actor,
          action: e.action,
          text: e.text === null ? null : maskFreeText(e.text, c.customerName),
        })),
      },
    };
  }

  async function route(req: IncomingMessage, path: string): Promise<{ route: string; answer: Answer }> {
    if (path === '/api/v1/openapi.json') {
      if (req.method !== 'GET')
        return { route: 'openapi', answer: { ...refuse(405, '', w('method', { allow: 'GET' })), headers: { allow: 'GET' } } };
      return { route: 'openapi', answer: { status: 200, body: (document ??= openApiDocument(deps.version)) } };
    }
    const one = CASE_PATH.exec(path);
    const routeName = path === ROUTE_CASES ? 'cases' : one ? 'case' : 'unknown';
    if (routeName === 'unknown') return { route: routeName, answer: refuse(404, '', w('no_route')) };
    const token = tokenOf(deps.tokens, req.headers.authorization);
    if (!token) {
      req.resume();
      return { route: routeName, answer: refuse(401, 'Authorization', w('unauthorized'), { 'www-authenticate': 'Bearer' }) };
    }
    const wait = limiter.take(token.name);
    if (wait > 0) {
      req.resume();
      return {
        route: routeName,
        answer: refuse(429, '', w('rate', { rate: deps.ratePerMinute, seconds: wait }), { 'retry-after': String(wait) }),
      };
    }
    if (routeName === 'cases') {
      if (req.method !== 'POST')
        return { route: routeName, answer: { ...refuse(405, '', w('method', { allow: 'POST' })), headers: { allow: 'POST' } } };
      return { route: routeName, answer: await post(req, token) };
    }
    if (req.method !== 'GET')
      return { route: routeName, answer: { ...refuse(405, '', w('method', { allow: 'GET' })), headers: { allow: 'GET' } } };
    return { route: routeName, answer: await get(Number(one![1].replace(/^[Cc]/, '')), token) };
  }

  return {
    async handle(req, res) {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (!path.startsWith('/api/')) return false;
      const started = Date.now();
      let name = 'unknown';
      let answer: Answer;
      if (!deps.tokens.length) {
        // §17: without API_TOKENS the API is not there
        req.resume();
        answer = { status: 404, body: { errors: [{ field: '', message: w('disabled') }] } };
      } else {
        const r = await route(req, path);
        name = r.route;
        answer = r.answer;
      }
      res.writeHead(answer.status, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        ...(answer.headers ?? {}),
      });
      res.end(JSON.stringify(answer.body));
      deps.count?.(name, answer.status);
      deps.log?.({ route: name, method: req.method ?? '', status: answer.status, ms: Date.now() - started });
      return true;
    },
  };
}

/** The work order as `/complaint new` takes it: the request follows the matter after " / " (§9). */
function toOpenCase(o: TWorkOrder): OpenCaseInput {
  return {
    unit: o.unit,
    category: o.category,
    channel: o.channel ?? 'hotline',
    customer: o.customer,
    phone: o.phone,
    vip: o.vip,
    text: o.request ? `${o.text} / ${o.request}` : o.text,
  };
}

/** Every field's problem, by its JSON name, in the words `/complaint new` uses for the same option. */
function fieldErrors(e: ZodError, locale: Locale): { field: string; message: string }[] {
  const expected = (field: string): string => {
    const opt = newCommand.options.find((o) => o.name === field);
    if (opt) {
      const ref = EXPECTED[opt.type];
      return t(locale, ref.key, ref.params);
    }
    if (field === 'vip') return apiWord(locale, 'expected_boolean');
    if (field === 'text') return apiWord(locale, 'expected_matter', { max: newCommand.text.max });
    if (field === 'request') return apiWord(locale, 'expected_request', { max: newCommand.text.max });
    if (field === 'external_id') return apiWord(locale, 'expected_external_id');
    return '';
  };
  const out: { field: string; message: string }[] = [];
  for (const i of e.issues) {
    if (i.code === 'unrecognized_keys') {
      out.push({
        field: i.keys.join(', '),
        message: apiWord(locale, 'unknown_field', { fields: i.keys.join(', '), known: Object.keys(ZWorkOrder.shape).join(', ') }),
      });
      continue;
    }
    const field = String(i.path[0] ?? '');
    if (out.some((o) => o.field === field)) continue; // one problem a field: the expected form says it all
    const missing = i.code === 'invalid_type' && i.input === undefined;
    out.push({ field, message: apiWord(locale, missing ? 'required' : 'expected', { expected: expected(field) || i.message }) });
  }
  return out;
}

/** A use case's refusal, by the field it is about (the codes `openCase` refuses a work order with). */
const REFUSAL_FIELD: Readonly<Record<string, string>> = { err_unknown_unit: 'unit', err_unit_required: 'unit' };
const fieldOfRefusal = (code: string | undefined): string => (code ? (REFUSAL_FIELD[code] ?? '') : '');
