/**
 * Credentials never leave the process in what it prints or logs: every URL in a text has its password masked
 * (`postgresql://app:***@db:5432/desk`, `smtps://desk:***@mail.bank`) and secret query parameters too
 * (`?password=***`). The one helper for the console's banner, start-up errors, logs and the database's messages.
 */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:]*):([^\s/?#]*)@/gi;
const SECRET_PARAM = /([?&;](?:password|passwd|pwd|pass|sslpassword|secret|token|access_token|api_key|apikey|key)=)([^\s&#;]*)/gi;

export function redactUrl(text: string): string {
  return text.replace(USERINFO, (_m, scheme: string, user: string) => `${scheme}${user}:***@`).replace(SECRET_PARAM, '$1***');
}

/** The same over a log record: every string in it, at any depth (objects and arrays are copied, never changed). */
export function redactUrlsIn<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return (value.includes('://') || value.includes('=') ? redactUrl(value) : value) as T;
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return (value as unknown[]).map((v) => redactUrlsIn(v, depth + 1)) as T;
  if (value instanceof Error)
    return { type: value.name, message: redactUrl(value.message), stack: value.stack && redactUrl(value.stack) } as T;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]): [string, unknown] => [k, redactUrlsIn(v, depth + 1)]),
  ) as T;
}
