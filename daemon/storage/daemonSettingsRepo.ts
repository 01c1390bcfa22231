// Daemon-wide settings that outlive a restart (admission limits, retention policy) ↔ the
// `daemon_settings` table: one JSON value per key, checked by the caller's schema on read.
import type { z } from 'zod';
import type { Database, Statement } from './database.js';

export class DaemonSettingsRepo {
  private readonly getStmt: Statement<[string], { value: string }>;
  private readonly putStmt: Statement<[string, string]>;

  constructor(db: Database) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM daemon_settings WHERE key = ?');
    this.putStmt = db.prepare<[string, string]>(
      'INSERT INTO daemon_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  /** The stored value when it still fits `schema` (a value from an older version may not), else null. */
  get<S extends z.ZodType>(key: string, schema: S): z.infer<S> | null {
    const row = this.getStmt.get(key);
    if (!row) return null;
    const parsed = schema.safeParse(JSON.parse(row.value));
    return parsed.success ? (parsed.data as z.infer<S>) : null;
  }

  put(key: string, value: unknown): void {
    this.putStmt.run(key, JSON.stringify(value));
  }
}
