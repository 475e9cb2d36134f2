/**
 * The grammar's public face: every /complaint subcommand (all.ts, in the order help lists them; front ends are
 * built from that list), the definition helpers (define.ts) and the parser (parse.ts). Modules inside commands/
 * import all.ts, never this file, so the grammar has no import cycle.
 */
export * from './all.ts';
export * from './define.ts';
export * from './parse.ts';
