// The one error type storage throws. Callers branch on `reason` (and `field` for conflicts),
// never on SQLite's message text; the HTTP layer maps reasons to status codes in one place.

export const STORAGE_ERROR_REASONS = [
  /** better-sqlite3's native module does not load in this Node runtime (ABI, arch or missing file). */
  'native_module_mismatch',
  /** The file cannot be opened as a database (missing directory, permissions, not a database). */
  'open_failed',
  /** The file was written by a newer Switchboard; opening it could corrupt data the newer code relies on. */
  'schema_too_new',
  /** A migration failed; it was rolled back and the file is at the previous version. */
  'migration_failed',
  /** A UNIQUE or PRIMARY KEY constraint rejected the write; `field` names the column (camelCase). */
  'conflict',
  /** The row to update does not exist. */
  'not_found',
  /** A foreign key points at a row that does not exist (or a delete would orphan rows). */
  'invalid_reference',
  /** Another process held the lock past the busy timeout. */
  'busy',
  /** The file is damaged. */
  'corrupt',
  /** Any other SQLite failure; `sqliteCode` says which. */
  'internal',
] as const;
export type StorageErrorReason = (typeof STORAGE_ERROR_REASONS)[number];

export class StorageError extends Error {
  constructor(
    readonly reason: StorageErrorReason,
    message: string,
    readonly field?: string,
    readonly sqliteCode?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }

  static is(e: unknown, reason?: StorageErrorReason): e is StorageError {
    return e instanceof StorageError && (reason === undefined || e.reason === reason);
  }
}

/** Column names whose protocol field is not the plain camelCase of the column. */
const FIELD_OF_COLUMN: Readonly<Record<string, string>> = { idx: 'index' };

function fieldOfColumn(column: string): string {
  return FIELD_OF_COLUMN[column] ?? column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * SQLite names the columns of a failed UNIQUE constraint only in its message
 * ("UNIQUE constraint failed: projects.slug" or "…: turns.session_id, turns.idx"); this reads
 * just that list, nothing else of the text.
 */
function conflictField(message: string): string | undefined {
  const colon = message.lastIndexOf(': ');
  if (colon < 0) return undefined;
  const columns = message
    .slice(colon + 2)
    .split(',')
    .map((qualified) => qualified.trim().split('.').pop() ?? '')
    .filter((c) => c.length > 0);
  return columns.length > 0 ? columns.map(fieldOfColumn).join(',') : undefined;
}

function sqliteCodeOf(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * Turns a better-sqlite3 `SqliteError` into a `StorageError`. Anything that is not an SQLite
 * error (a bug such as binding the wrong type) is returned unchanged so its stack stays useful.
 */
export function toStorageError(e: unknown, what: string): unknown {
  if (e instanceof StorageError) return e;
  const code = sqliteCodeOf(e);
  if (code === undefined) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const field = conflictField(message);
    return new StorageError('conflict', `${what}: ${field ?? 'a unique value'} already exists`, field, code, { cause: e });
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new StorageError('invalid_reference', `${what}: a referenced row does not exist or is still referenced`, undefined, code, { cause: e });
  }
  // Extended codes refine a primary one (SQLITE_BUSY_TIMEOUT, SQLITE_CANTOPEN_ISDIR…); the family decides.
  const family = (prefix: string): boolean => code === prefix || code.startsWith(`${prefix}_`);
  if (family('SQLITE_BUSY') || family('SQLITE_LOCKED')) {
    return new StorageError('busy', `${what}: the database is locked by another connection`, undefined, code, { cause: e });
  }
  if (family('SQLITE_CORRUPT') || family('SQLITE_NOTADB')) {
    return new StorageError('corrupt', `${what}: the database file is damaged or not a database (${message})`, undefined, code, { cause: e });
  }
  if (family('SQLITE_CANTOPEN') || family('SQLITE_PERM') || family('SQLITE_READONLY')) {
    return new StorageError('open_failed', `${what}: ${message}`, undefined, code, { cause: e });
  }
  return new StorageError('internal', `${what}: ${message}`, undefined, code, { cause: e });
}

/** Runs a write and rethrows SQLite failures as `StorageError`s. */
export function guard<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw toStorageError(e, what);
  }
}
