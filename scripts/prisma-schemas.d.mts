// Types for scripts/prisma-schemas.mjs (imported by scripts/make-migration.ts and tests).
export declare const PROVIDERS: readonly ['sqlite', 'postgresql'];
export declare function schemaPath(provider: 'sqlite' | 'postgresql'): string;
export declare function renderSchema(provider: 'sqlite' | 'postgresql', models: string): string;
export declare function renderAll(): { provider: 'sqlite' | 'postgresql'; path: string; content: string }[];
/** Writes the per-provider schemas; returns the paths that differed (with `check`, nothing is written). */
export declare function writeSchemas(opts?: { check?: boolean }): string[];
