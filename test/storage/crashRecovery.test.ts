import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { Store } from '../../daemon/storage/store.js';
import { tempDir, type TempDir } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, 'fixtures', 'appendUntilKilled.ts');
const repoRoot = path.resolve(here, '..', '..');

/** Runs the appender until it has reported `target` committed seqs, then SIGKILLs it; resolves with the highest reported seq. */
function appendThenKill(file: string, target: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, file], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let reported = 0;
    let pending = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) reported = Math.max(reported, Number(line));
      if (!killed && reported >= target) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && killed) resolve(reported);
      else reject(new Error(`appender exited on its own (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}

describe('storage: crash recovery', () => {
  let tmp: TempDir;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('keeps every committed event and no torn batch after the writer is SIGKILLed', async () => {
    const lastReported = await appendThenKill(tmp.file(), 20_000);

    // The writer died without a checkpoint: its last commits live only in the WAL, which the next
    // open must replay. The file is checked before a new writer could paper over damage.
    assert.ok(fs.statSync(`${tmp.file()}-wal`).size > 0, 'the kill left a write-ahead log behind');
    const raw = new BetterSqlite3(tmp.file());
    assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
    raw.close();

    const store = Store.open(tmp.file());
    try {
      assert.ok(store.events.lastSeq() >= lastReported);
      const sizes = new Map<string, { size: number; seen: number }>();
      let expected = 1;
      for (const e of store.events.iterate()) {
        // Seqs are gapless here (nothing was deleted or rolled back), so every committed one is present.
        assert.equal(e.seq, expected++);
        assert.equal(e.type, 'log');
        const m = e.type === 'log' ? /^batch (\d+) \d+ of (\d+)$/.exec(e.payload.message) : null;
        if (m) {
          const entry = sizes.get(m[1] ?? '') ?? { size: Number(m[2]), seen: 0 };
          entry.seen++;
          sizes.set(m[1] ?? '', entry);
        }
      }
      assert.ok(expected - 1 >= lastReported, `events up to ${lastReported} were committed, found ${expected - 1}`);
      for (const [batch, { size, seen }] of sizes) assert.equal(seen, size, `batch ${batch} is whole`);
      // The log takes new events where it left off.
      const next = store.events.append({ type: 'log', sessionId: null, projectId: null, payload: { level: 'info', message: 'after' } });
      assert.equal(next.seq, expected);
    } finally {
      store.close();
    }
  });
});
