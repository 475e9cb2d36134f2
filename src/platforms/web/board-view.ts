/**
 * §13: the board's HTML, rendered on the server (one renderer: the first response and every live update use the
 * same fragments). Every value is escaped; customer data is masked exactly as in chat posts (the core's render
 * functions). The page's only script is /board/assets/board.js (CSP: no inline script).
 */
import { caseLabel, type CaseRecord, type DeadlineRecord, type OutboxRecord } from '../../core/domain/case.ts';
import { STAT_CLASSES } from '../../core/domain/categories.ts';
import type { Roster, TUnit } from '../../core/domain/roster.ts';
import { boardWord, boardWords, type BoardWord } from '../../core/i18n/board-words.ts';
import { label, t, type Locale } from '../../core/i18n/messages.ts';
import { phaseText } from '../../core/i18n/clock-render.ts';
import { customerLabel, escalationLine, unitLabel, visibleDeadlines, type RenderCtx } from '../../core/i18n/render.ts';
import { localHm, localMinute } from '../../core/domain/time.ts';
import type { DailySummary } from '../../core/domain/daily-summary.ts';
import { maskFreeText } from '../../core/rules/masking.ts';
import { isOverdueKind } from '../../core/rules/sla.ts';
import { AMBER_FRACTION, urgency } from '../../core/rules/board-urgency.ts';

/** §13: no inline script, nothing from elsewhere, no framing; the link never leaves as a Referer. */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
export const SECURITY_HEADERS = {
  'content-security-policy': CSP,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

export const esc = (s: string | number): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Deadlines a board counts down: the pending ones a person acts on (the transfer deadline is only measured, §五). */
function countdowns(c: CaseRecord, ds: DeadlineRecord[]): DeadlineRecord[] {
  return visibleDeadlines(c, ds)
    .filter((d) => d.state === 'pending' && d.kind !== 'transfer')
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** Where a row sorts: its earliest pending deadline (cases without one last), then its id. */
export function rowKey(c: CaseRecord, ds: DeadlineRecord[]): number {
  const next = countdowns(c, ds).find((d) => isOverdueKind(d.kind)) ?? countdowns(c, ds)[0];
  return next ? next.dueAt.getTime() : Number.MAX_SAFE_INTEGER;
}

export { urgency };

/** "1:02:03" */
function clock(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${p(Math.floor((s % 3600) / 60))}:${p(s % 60)}`;
}

function countdown(r: RenderCtx, d: DeadlineRecord, now: Date, next: boolean): string {
  const left = d.dueAt.getTime() - now.getTime();
  const u = urgency(d, now);
  const words = left < 0 ? boardWord(r.locale, 'overdue_by') : boardWord(r.locale, 'left');
  return (
    `<span class="cd${next ? ' next' : ''}${u ? ` ${u}` : ''}" data-start="${d.startAt.getTime()}" data-due="${d.dueAt.getTime()}"` +
    ` data-nag="${isOverdueKind(d.kind) ? 1 : 0}"><span class="dk">${esc(label(r.locale, 'deadline', d.kind))} ${esc(localHm(d.dueAt, r.tz))}</span>` +
    ` <span class="cw">${esc(words)}</span> <span class="ct">${clock(left)}</span></span>`
  );
}

/** One open case as a list row. */
export function rowHtml(r: RenderCtx, c: CaseRecord, ds: DeadlineRecord[], now: Date): string {
  const cds = countdowns(c, ds);
  const nextKind = cds.find((d) => isOverdueKind(d.kind)) ?? cds[0];
  const u = nextKind ? urgency(nextKind, now) : '';
  const esc1 = escalationLine(r, c);
  const who = `@${c.ownerHandle}${c.handlerHandle && c.handlerHandle !== c.ownerHandle ? ` / @${c.handlerHandle}` : ''}`;
  const id = caseLabel(c.id);
  return (
    `<li class="case${u ? ` ${u}` : ''}${c.escalated ? ' escalated' : ''}" data-id="${id}" data-key="${rowKey(c, ds)}">` +
    `<a class="cid" href="#${id}" data-case="${id}">${id}</a>` +
    `<span class="due">${nextKind ? countdown(r, nextKind, now, true) : `<span class="cd none">${esc(boardWord(r.locale, 'no_deadline'))}</span>`}</span>` +
    `<span class="what"><span class="unit">${esc(r.roster.unit(c.unitCode)?.name ?? c.unitCode)}</span> · ` +
    `${esc(label(r.locale, 'category', c.category))} · ${esc(label(r.locale, 'status', c.status))} · ${esc(who)}` +
    `<span class="matter">${esc(maskFreeText(c.matter, c.customerName).slice(0, 80))} · ${esc(customerLabel(r, c))}</span>` +
    (esc1 ? `<span class="escline">${esc(esc1)}</span>` : '') +
    `</span>` +
    `<span class="others">${cds
      .filter((d) => d !== nextKind)
      .map((d) => countdown(r, d, now, false))
      .join('')}</span>` +
    `</li>`
  );
}

interface Tile {
  unit: TUnit;
  stats: DailySummary['stats'];
}

export function tilesHtml(r: RenderCtx, tiles: Tile[]): string {
  const w = (k: BoardWord) => esc(boardWord(r.locale, k));
  return tiles
    .map(
      (t, i) =>
        `<div class="tile${i === 0 ? ' root' : ''}${t.stats.overdue ? ' hot' : ''}" data-unit="${esc(t.unit.code)}"><h3>${esc(t.unit.name)} <small>${esc(t.unit.code)}</small></h3>` +
        `<dl><div><dt>${w('received')}</dt><dd data-k="received">${t.stats.received}</dd></div>` +
        `<div><dt>${w('open')}</dt><dd data-k="open">${t.stats.open}</dd></div>` +
        `<div class="od"><dt>${w('overdue')}</dt><dd data-k="overdue">${t.stats.overdue}</dd></div>` +
        `<div class="es"><dt>${w('escalated')}</dt><dd data-k="escalated">${t.stats.escalated}</dd></div></dl></div>`,
    )
    .join('');
}

export function statsHtml(r: RenderCtx, s: DailySummary): string {
  return (
    `<ul class="classes">` +
    STAT_CLASSES.map((c) => `<li data-class="${c}"><span>${esc(label(r.locale, 'class', c))}</span><b>${s.byClass[c]}</b></li>`).join('') +
    `</ul>`
  );
}

/** The escalation feed: one line per escalation (a post per group on the way up is one escalation). */
export function feedHtml(r: RenderCtx, msgs: OutboxRecord[], cases: Map<number, CaseRecord>): string {
  const seen = new Set<string>();
  const items: string[] = [];
  for (const m of msgs) {
    const c = m.caseId != null ? cases.get(m.caseId) : undefined;
    if (!c) continue;
    const k = `${c.id}:${m.payload.reason ?? ''}:${m.at.getTime()}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const id = caseLabel(c.id);
    items.push(
      `<li data-case="${id}"><time>${esc(localHm(m.at, r.tz))}</time> <a href="#${id}" data-case="${id}">${id}</a> ` +
        `<b>${esc(m.payload.reason ? label(r.locale, 'reason', m.payload.reason) : '')}</b> ` +
        `<span>${esc(unitLabel(r, c.unitCode))} · ${esc(label(r.locale, 'category', c.category))}</span></li>`,
    );
  }
  return items.length ? items.join('') : `<li class="empty">${esc(boardWord(r.locale, 'no_escalations'))}</li>`;
}

/** A case's card and timeline (the same text `/complaint show` answers, masked). */
export function caseHtml(r: RenderCtx, title: string, text: string): string {
  return `<h2>${esc(title)}</h2><pre>${esc(text)}</pre>`;
}

interface PageArgs {
  r: RenderCtx;
  scope: TUnit;
  handle: string;
  expiresAt: Date;
  now: Date;
  cursor: number;
  /** the link's query string, which every request of the page carries (no cookie) */
  query: string;
  tv: boolean;
  rows: string[];
  total: number;
  pageSize: number;
  feed: string;
  /** the day's tiles and statistic classes, rendered into the page (it is useful without JavaScript) */
  tiles: string;
  stats: string;
  /** a refused event stream is tried again after this many seconds (the server's Retry-After) */
  streamRetryS: number;
}

/** §16.1 the cutover phase in the header (停业前 / 停业中 with the time left / 投产后), with an outage window in the roster. */
function phaseSpan(r: RenderCtx, now: Date): string {
  const phase = phaseText(r, now);
  return phase ? ` <span class="phase">${esc(t(r.locale, 'label_phase'))}: <b>${esc(phase)}</b></span>` : '';
}

export function pageHtml(a: PageArgs): string {
  const { r } = a;
  const w = (k: BoardWord, p: Record<string, string | number> = {}) => esc(boardWord(r.locale, k, p));
  const boot = JSON.stringify({
    now: a.now.getTime(),
    tz: r.tz,
    cursor: a.cursor,
    query: a.query,
    tv: a.tv,
    total: a.total,
    shown: a.rows.length,
    pageSize: a.pageSize,
    // §13's amber threshold, from its one home (src/core/rules/board-urgency.ts)
    amber: AMBER_FRACTION,
    streamRetryS: a.streamRetryS,
    words: boardWords(r.locale),
  }).replace(/</g, '\\u003c');
  const lang = w('html_lang');
  return (
    `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${w('title')} · ${esc(a.scope.name)}</title>
<link rel="stylesheet" href="/board/assets/board.css">
<link rel="icon" href="/board/assets/favicon.svg" type="image/svg+xml">
<script type="application/json" id="boot">${boot}</script>
<script src="/board/assets/board.js" defer></script>
</head>
<body class="${a.tv ? 'tv' : 'desk'}">
<header><h1>${w('title')}</h1><p class="meta"><span>${w('scope')}: <b>${esc(a.scope.name)}</b> (${esc(a.scope.code)})</span>` +
    phaseSpan(r, a.now) +
    ` <span>${w('for')}: @${esc(a.handle)}</span> <span class="until">${w('link_until')} ${esc(localMinute(a.expiresAt, r.tz))}</span>` +
    ` <span id="live" class="live off" hidden>${w('reconnecting')}</span> <time id="clock">${esc(localHm(a.now, r.tz))}</time></p></header>
<noscript><p class="noscript">${w('noscript', { time: localMinute(a.now, r.tz) })}</p></noscript>
<main>
<section id="tiles-box"><h2>${w('tiles_today')}</h2><div id="tiles" class="tiles">${a.tiles}</div></section>
<section id="cases-box"><h2>${w('open_cases')} <small id="total">${w('open_total', { n: a.total })}</small></h2>
<ol id="cases" class="cases">${a.rows.join('')}</ol>
<p id="empty" class="empty"${a.total ? ' hidden' : ''}>${w('none_open')}</p>
<p class="pager"><button id="more" type="button"${a.rows.length < a.total ? '' : ' hidden'}>${w('more')}</button> <small id="shown">${w('shown', { n: a.rows.length })}</small></p>
</section>
<aside>
<section id="feed-box"><h2>${w('escalations')}</h2><ol id="feed" class="feed">${a.feed}</ol></section>
<section id="stats-box"><h2>${w('stats')}</h2><div id="stats">${a.stats}</div><img id="chart" alt="${w('chart_alt')}" width="800" height="500" src="/board/chart.png?${esc(a.query)}&amp;at=${a.now.getTime()}"></section>
</aside>
</main>
<dialog id="case"><div id="case-body"></div><form method="dialog"><button>${w('close')}</button></form></dialog>
</body>
</html>
`
  );
}

export const localeOf = (roster: Roster): Locale => roster.settings.locale;
