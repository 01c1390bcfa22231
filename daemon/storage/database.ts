// Opens the SQLite file the daemon keeps everything in and brings its schema up to date.
import BetterSqlite3 from 'better-sqlite3';
import { StorageError, toStorageError } from './errors.js';
import { MIGRATIONS, latestVersion, type Migration } from './migrations.js';

export type Database = BetterSqlite3.Database;
export type Statement<Params extends unknown[] = unknown[], Row = unknown> = BetterSqlite3.Statement<Params, Row>;

export interface OpenDatabaseOptions {
  /** How long a write waits for another connection's lock before failing with `busy`. */
  busyTimeoutMs?: number;
  /** Path of `better_sqlite3.node`, for bundles that ship the native module outside node_modules. */
  nativeBinding?: string;
  /** Migrations to apply; tests pass their own, the daemon uses the built-in list. */
  migrations?: readonly Migration[];
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) the database at `file`, configures it for one writer process with
 * many readers, and applies pending migrations. Throws `StorageError`:
 * `native_module_mismatch`, `open_failed`, `corrupt`, `schema_too_new` or `migration_failed`.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const db = connect(file, busyTimeoutMs, options.nativeBinding);
  const migrations = options.migrations ?? MIGRATIONS;
  try {
    // Checked before configuring: a newer daemon's file is left exactly as it was (not even
    // switched to WAL), so the newer code finds it as it left it.
    assertNotTooNew(db, latestVersion(migrations));
    configure(db, busyTimeoutMs);
    runMigrations(db, migrations);
    return db;
  } catch (e) {
    db.close();
    throw toStorageError(e, `opening ${file}`);
  }
}

function connect(file: string, busyTimeoutMs: number, nativeBinding: string | undefined): Database {
  try {
    return new BetterSqlite3(file, {
      timeout: busyTimeoutMs,
      ...(nativeBinding !== undefined ? { nativeBinding } : {}),
    });
  } catch (e) {
    if (isNativeLoadFailure(e)) throw nativeModuleMismatch(e);
    if (e instanceof TypeError) {
      // better-sqlite3 raises a TypeError when the file's directory does not exist.
      throw new StorageError('open_failed', `cannot open ${file}: ${e.message}`, undefined, undefined, { cause: e });
    }
    throw toStorageError(e, `opening ${file}`);
  }
}

/**
 * The addon is loaded on the first `new Database()`. A build for another Node ABI (or another
 * architecture, or a corrupt file) fails in `process.dlopen` with ERR_DLOPEN_FAILED; a missing
 * build fails to resolve. Both are fixed the same way.
 */
function isNativeLoadFailure(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = (e as { code?: unknown }).code;
  if (code === 'ERR_DLOPEN_FAILED') return true;
  // `bindings` (used when no explicit binding is given) throws a plain Error without a code
  // when no build exists; a `nativeBinding` path that does not exist is MODULE_NOT_FOUND.
  const message = e instanceof Error ? e.message : '';
  return (code === 'MODULE_NOT_FOUND' && message.includes('.node')) || message.startsWith('Could not locate the bindings file');
}

function nativeModuleMismatch(cause: unknown): StorageError {
  const detail = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  return new StorageError(
    'native_module_mismatch',
    `better-sqlite3's native module does not load in this Node runtime (Node ${process.version}, ` +
      `ABI ${process.versions.modules}, ${process.platform}-${process.arch}): ${detail}. ` +
      `Fix: run \`npm rebuild better-sqlite3\` using the same Node that runs the Switchboard daemon.`,
    undefined,
    undefined,
    { cause },
  );
}

function configure(db: Database, busyTimeoutMs: number): void {
  // WAL: readers never block the writer and a crash loses no committed transaction.
  // NORMAL: in WAL mode, commits survive a process crash; only an OS crash or power loss can drop
  // the last few, which is the trade the event log makes to sustain floods of appends.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
}

/** The schema version recorded in the file. */
export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every migration newer than the file, each in its own IMMEDIATE transaction (so two
 * processes racing to migrate serialize, and the loser sees the version the winner wrote).
 */
export function runMigrations(db: Database, migrations: readonly Migration[] = MIGRATIONS): void {
  checkOrder(migrations);
  const current = assertNotTooNew(db, latestVersion(migrations));
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    const apply = db.transaction(() => {
      if (schemaVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    });
    try {
      apply.immediate();
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      throw new StorageError(
        'migration_failed',
        `migration ${migration.version} (${migration.name}) failed and was rolled back: ${reason}`,
        undefined,
        typeof e === 'object' && e !== null ? (e as { code?: string }).code : undefined,
        { cause: e },
      );
    }
  }
}

function assertNotTooNew(db: Database, latest: number): number {
  const current = schemaVersion(db);
  if (current > latest) {
    throw new StorageError(
      'schema_too_new',
      `the database ${db.name} has schema version ${current}, newer than this Switchboard understands ` +
        `(${latest}); upgrade Switchboard or point it at another state directory`,
    );
  }
  return current;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`migrations must be numbered 1, 2, 3… in order; found ${m.version} at position ${i + 1}`);
    }
  });
}
