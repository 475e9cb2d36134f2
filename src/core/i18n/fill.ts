/**
 * `{name}` placeholders filled in a sentence: the one definition every word table uses (messages, labels, forms,
 * mail, the board, the chat platforms' words). A placeholder without a value is left as it is, so a missing
 * parameter shows instead of vanishing.
 */
export function fill<V>(template: string, params: Readonly<Record<string, V>>, show: (v: V) => string = String): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (Object.hasOwn(params, name) ? show(params[name]) : m));
}
