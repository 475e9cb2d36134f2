/** Synchronous statements on the one better-sqlite3 connection, each prepared once per distinct SQL text. */
import type Database from 'better-sqlite3';
import type { Row } from '../drivers/driver.ts';

export class Statements {
  private prepared = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {}

  private st(sql: string): Database.Statement {
    let s = this.prepared.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.prepared.set(sql, s);
    }
    return s;
  }

  /** Rows as SQLite returns them (no conversion). */
  rows(sql: string, params: readonly unknown[]): Row[] {
    return this.st(sql).all(...params) as Row[];
  }

  get(sql: string, params: readonly unknown[]): Row | undefined {
    return this.st(sql).get(...params) as Row | undefined;
  }

  /** Runs a write; how many rows it changed. */
  run(sql: string, params: readonly unknown[]): number {
    return this.st(sql).run(...params).changes;
  }
}
