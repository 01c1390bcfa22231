// A fleet of worktrees on a real filesystem, through the real daemon: ten sessions of a project
// whose `.worktreeinclude` brings `.env` and a 200 MB git-ignored folder (hard-linked) and whose
// setup runs `npm ci` against a local package with no network. Disk use is measured with `df` on
// the filesystem: the linked folder costs almost nothing per session, a copy-mode rule its size.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { narrowEvent } from '../../daemon/protocol/eventNarrowing.js';
import type { Session } from '../../daemon/protocol/entities.js';
import { DaemonProcess, git, makeRepo } from '../support/daemonHarness.js';

const MB = 1024 * 1024;
const BIG_MB = 200;

/** Bytes used on the filesystem holding `dir`, as `df` reports them. */
function dfUsed(dir: string): number {
  const out = execFileSync('df', ['-B1', '--output=used', dir], { encoding: 'utf8' });
  return Number(out.trim().split('\n').at(-1));
}

/** A project with `.env`, a 200 MB ignored `big/` folder, a local package and `npm ci` as setup. */
function fleetRepo(mode: 'hardlink' | 'copy'): string {
  const config = { setup: ['npm ci --offline --no-audit --no-fund'], include: [{ path: 'big/', mode }] };
  const lock = {
    name: 'fleet-demo',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'fleet-demo', version: '1.0.0', dependencies: { localpkg: 'file:vendor/localpkg' } },
      'node_modules/localpkg': { resolved: 'vendor/localpkg', link: true },
      'vendor/localpkg': { version: '1.0.0' },
    },
  };
  const repo = makeRepo({
    'README.md': '# fleet\n',
    '.gitignore': '.env\nbig/\nnode_modules/\n',
    '.worktreeinclude': '.env\n',
    '.switchboard/config.json': `${JSON.stringify(config, null, 2)}\n`,
    'package.json': `${JSON.stringify({ name: 'fleet-demo', version: '1.0.0', dependencies: { localpkg: 'file:vendor/localpkg' } }, null, 2)}\n`,
    'package-lock.json': `${JSON.stringify(lock, null, 2)}\n`,
    'vendor/localpkg/package.json': `${JSON.stringify({ name: 'localpkg', version: '1.0.0', main: 'index.js' })}\n`,
    'vendor/localpkg/index.js': 'module.exports = 42;\n',
  });
  fs.writeFileSync(path.join(repo, '.env'), 'DATABASE_URL=postgres://localhost/dev\n');
  fs.mkdirSync(path.join(repo, 'big'));
  // Random bytes: nothing on the way (filesystem, compression) can make the copies cheap.
  for (let i = 0; i < BIG_MB / 4; i++) fs.writeFileSync(path.join(repo, 'big', `blob-${i}.bin`), crypto.randomBytes(4 * MB));
  assert.equal(git(repo, 'check-ignore', 'big/blob-0.bin'), 'big/blob-0.bin');
  return repo;
}

describe('a fleet of prepared worktrees (df-measured)', function () {
  this.timeout(600_000);
  let daemon: DaemonProcess;
  const repos: string[] = [];
  before(async () => {
    daemon = await DaemonProcess.start({ env: { SWITCHBOARD_MAX_AGENTS: '10', SWITCHBOARD_MEMORY_FLOOR_MB: '0' } });
  });
  after(async () => {
    await daemon?.stop();
    for (const r of repos) fs.rmSync(r, { recursive: true, force: true });
  });

  async function eventsOf(sessionId: string) {
    return (await daemon.client.api.listEvents({ query: { session: sessionId, limit: 10_000 } })).events;
  }

  it('gives 10 sessions the files by hard link (< 5% of the folder each) and runs npm ci before the first prompt', async function () {
    const repo = fleetRepo('hardlink');
    repos.push(repo);
    await daemon.client.api.addProject({ body: { path: repo, slug: 'fleet' } });
    const before = dfUsed(daemon.home);
    const sessions: Session[] = await Promise.all(
      Array.from({ length: 10 }, async () => (await daemon.client.api.createSession({ body: { project: 'fleet', agent: 'demo', action: 'implement', prompt: 'think' } })).session),
    );
    for (const s of sessions) await daemon.waitForState(s.id, ['completed'], 300_000);
    const growth = dfUsed(daemon.home) - before;
    const perSession = growth / sessions.length;
    console.log(`      df: +${(growth / MB).toFixed(1)} MiB for 10 sessions (${((perSession / (BIG_MB * MB)) * 100).toFixed(2)}% of the ${BIG_MB} MiB folder each)`);
    assert.ok(perSession < 0.05 * BIG_MB * MB, `each session costs < 5% of the folder; got ${(perSession / MB).toFixed(1)} MiB`);
    for (const s of sessions) {
      const wt = s.worktreePath!;
      assert.equal(fs.readFileSync(path.join(wt, '.env'), 'utf8'), 'DATABASE_URL=postgres://localhost/dev\n');
      assert.equal(fs.readdirSync(path.join(wt, 'big')).length, BIG_MB / 4);
      assert.equal(fs.statSync(path.join(wt, 'big', 'blob-0.bin')).ino, fs.statSync(path.join(repo, 'big', 'blob-0.bin')).ino, 'the same file, linked');
      assert.ok(fs.existsSync(path.join(wt, 'node_modules', 'localpkg', 'index.js')), 'npm ci installed the local package');
      const events = await eventsOf(s.id);
      const prepared = events.map((e) => narrowEvent(e, 'worktree.prepared')?.payload).find(Boolean);
      assert.equal(prepared?.byMode.hardlink.files, BIG_MB / 4);
      const setupEnded = events.findIndex((e) => narrowEvent(e, 'setup.ended')?.payload.phase === 'setup');
      const firstTurn = events.findIndex((e) => e.type === 'turn.started');
      assert.ok(setupEnded !== -1 && setupEnded < firstTurn, 'setup ended before the first prompt');
      assert.equal(narrowEvent(events[setupEnded]!, 'setup.ended')?.payload.exitCode, 0);
      const output = events.flatMap((e) => narrowEvent(e, 'setup.output')?.payload.text ?? []).join('');
      assert.match(output, /added \d+ package|up to date/, 'npm ci output is in the events');
    }
    for (const s of sessions) await daemon.client.api.deleteSession({ params: { id: s.id }, query: { deleteBranch: 'true' } });
  });

  it('a copy-mode rule costs the folder full size (df)', async function () {
    const repo = fleetRepo('copy');
    repos.push(repo);
    await daemon.client.api.addProject({ body: { path: repo, slug: 'fleet-copy' } });
    const before = dfUsed(daemon.home);
    const { session } = await daemon.client.api.createSession({ body: { project: 'fleet-copy', agent: 'demo', action: 'implement', prompt: 'think' } });
    await daemon.waitForState(session.id, ['completed'], 300_000);
    const growth = dfUsed(daemon.home) - before;
    console.log(`      df: +${(growth / MB).toFixed(1)} MiB for one copy-mode session`);
    // df sees the whole filesystem (other writers too): the copy's own blocks, counted by du, are the exact figure.
    const copied = Number(execFileSync('du', ['-sB1', path.join(session.worktreePath!, 'big')], { encoding: 'utf8' }).split('\t')[0]);
    assert.ok(copied >= BIG_MB * MB, `the copy holds the folder's full size; du says ${(copied / MB).toFixed(1)} MiB`);
    assert.ok(growth > 0.8 * BIG_MB * MB, `df grows by about the folder's size; got ${(growth / MB).toFixed(1)} MiB`);
    assert.notEqual(fs.statSync(path.join(session.worktreePath!, 'big', 'blob-0.bin')).ino, fs.statSync(path.join(repo, 'big', 'blob-0.bin')).ino);
    await daemon.client.api.deleteSession({ params: { id: session.id }, query: { deleteBranch: 'true' } });
  });
});
