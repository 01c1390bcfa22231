import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase, runMigrations, schemaVersion } from '../../daemon/storage/database.js';
import { StorageError } from '../../daemon/storage/errors.js';
import { MIGRATIONS, latestVersion, type Migration } from '../../daemon/storage/migrations.js';
import { tempDir, type TempDir } from './helpers.js';

function tables(file: string): string[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all();
  } finally {
    db.close();
  }
}

describe('storage: opening the database', () => {
  let tmp: TempDir;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('creates every table on a fresh file and records the latest schema version', () => {
    const db = openDatabase(tmp.file());
    assert.equal(schemaVersion(db), latestVersion());
    db.close();
    assert.deepEqual(tables(tmp.file()), [
      'agent_templates',
      'artifacts',
      'daemon_settings',
      'elicitation_requests',
      'events',
      'permission_requests',
      'port_leases',
      'projects',
      'sessions',
      'turns',
    ]);
  });

  it('reopens an up-to-date file without re-running migrations or losing rows', () => {
    const first = openDatabase(tmp.file());
    first.prepare("INSERT INTO events (type, payload, time) VALUES ('log', '{}', 'now')").run();
    first.close();
    const second = openDatabase(tmp.file());
    assert.equal(schemaVersion(second), latestVersion());
    assert.equal(second.prepare('SELECT count(*) FROM events').pluck().get(), 1);
    second.close();
  });

  it('runs in WAL mode with NORMAL sync, foreign keys on and a busy timeout', () => {
    const db = openDatabase(tmp.file(), { busyTimeoutMs: 1234 });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('synchronous', { simple: true }), 1); // NORMAL
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(db.pragma('busy_timeout', { simple: true }), 1234);
    db.close();
    // WAL is a property of the file: a plain connection opened later still finds it.
    const raw = new BetterSqlite3(tmp.file());
    assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
    raw.close();
  });

  it('refuses a database written by a newer schema, leaving it untouched', () => {
    const raw = new BetterSqlite3(tmp.file());
    raw.pragma(`user_version = ${latestVersion() + 5}`);
    raw.close();
    assert.throws(
      () => openDatabase(tmp.file()),
      (e: unknown) => StorageError.is(e, 'schema_too_new') && /newer/.test(e.message),
    );
    const check = new BetterSqlite3(tmp.file(), { readonly: true });
    assert.equal(check.pragma('user_version', { simple: true }), latestVersion() + 5);
    assert.equal(check.pragma('journal_mode', { simple: true }), 'delete');
    check.close();
    assert.deepEqual(tables(tmp.file()), []);
  });

  it('applies only the migrations newer than the file, in order', () => {
    const db = openDatabase(tmp.file(), { migrations: MIGRATIONS });
    const extra: Migration[] = [
      ...MIGRATIONS,
      { version: latestVersion() + 1, name: 'add notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)' },
    ];
    runMigrations(db, extra);
    assert.equal(schemaVersion(db), latestVersion() + 1);
    // A second run finds nothing to do (CREATE TABLE would fail if it ran again).
    runMigrations(db, extra);
    db.close();
    assert.ok(tables(tmp.file()).includes('notes'));
  });

  it('rolls back a failing migration entirely and reports migration_failed', () => {
    openDatabase(tmp.file()).close();
    const broken: Migration[] = [
      ...MIGRATIONS,
      {
        version: latestVersion() + 1,
        name: 'half done',
        sql: 'CREATE TABLE half (id INTEGER PRIMARY KEY); INSERT INTO no_such_table VALUES (1);',
      },
    ];
    assert.throws(
      () => openDatabase(tmp.file(), { migrations: broken }),
      (e: unknown) => StorageError.is(e, 'migration_failed') && e.message.includes('half done'),
    );
    const db = openDatabase(tmp.file());
    assert.equal(schemaVersion(db), latestVersion());
    db.close();
    assert.ok(!tables(tmp.file()).includes('half'));
  });

  it('rejects a migration list with gaps', () => {
    const db = openDatabase(tmp.file());
    assert.throws(() => runMigrations(db, [{ version: 2, name: 'skips one', sql: '' }]), /numbered 1, 2, 3/);
    db.close();
  });

  it('explains a native module built for another Node and names the rebuild command', () => {
    // A file that is not a loadable addon fails in process.dlopen exactly like a wrong-ABI build.
    const fake = path.join(tmp.dir, 'better_sqlite3.node');
    fs.writeFileSync(fake, 'not a shared object');
    assert.throws(
      () => openDatabase(tmp.file(), { nativeBinding: fake }),
      (e: unknown) =>
        StorageError.is(e, 'native_module_mismatch') &&
        e.message.includes('npm rebuild better-sqlite3') &&
        e.message.includes(process.version),
    );
  });

  it('reports open_failed when the directory does not exist', () => {
    assert.throws(
      () => openDatabase(path.join(tmp.dir, 'missing', 'x.db')),
      (e: unknown) => StorageError.is(e, 'open_failed'),
    );
  });

  it('reports corrupt when the file is not a database', () => {
    fs.writeFileSync(tmp.file(), 'this is not an SQLite file, just some text that is long enough'.repeat(100));
    assert.throws(
      () => openDatabase(tmp.file()),
      (e: unknown) => StorageError.is(e, 'corrupt'),
    );
  });
});
