// Retention and disk through the real daemon, the demo agent and the CLI: a session's disk use is
// what `du -sB1` says (hard links once), `prune --dry-run` lists exactly what `prune` then
// removes (branches kept, teardown before, `worktree.pruned` after, idle sessions archived), a
// session waiting for a person is never touched, and ages come from the stored clock (backdated
// here in the database while the daemon is stopped, since no test waits days).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Session } from '../../daemon/protocol/entities.js';
import type { PruneResult, RetentionPolicy } from '../../daemon/protocol/fleetEntities.js';
import { narrowEvent } from '../../daemon/protocol/eventNarrowing.js';
import { Store } from '../../daemon/storage/store.js';
import { humanBytes } from '../../cli/commands/pruneCommands.js';
import { CliRunner } from '../support/cliRunner.js';
import { DaemonProcess, git, makeRepo, tempDir, until } from '../support/daemonHarness.js';

/** `du -sB1 <paths…>`: bytes as du counts them (one inode once across the paths). */
function du(...paths: string[]): number {
  const out = execFileSync('du', ['-csB1', ...paths], { encoding: 'utf8' });
  const total = out.trim().split('\n').pop() ?? '';
  return Number(total.split(/\s+/)[0]);
}

function assertWithinOnePercent(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= expected * 0.01, `${what}: ${actual} bytes, du says ${expected}`);
}

describe('retention and disk', function () {
  this.timeout(120_000);
  let daemon: DaemonProcess;
  let cli: CliRunner;
  let repo: string;

  before(async function () {
    daemon = await DaemonProcess.start();
    cli = new CliRunner(daemon.home);
    repo = makeRepo();
    await daemon.client.api.addProject({ body: { path: repo, slug: 'ret' } });
  });
  after(async () => daemon?.stop());

  async function session(prompt: string, settled: Session['state'][] = ['completed']): Promise<Session> {
    const { session: s } = await daemon.client.api.createSession({ body: { project: 'ret', agent: 'demo', action: 'implement', prompt } });
    await daemon.waitForState(s.id, settled);
    return (await daemon.client.api.getSession({ params: { id: s.id } })).session;
  }

  it('measures a session as du does, a hard-linked file once, and keeps it on the session and in health', async function () {
    const s = await session('think');
    const wt = s.worktreePath!;
    fs.writeFileSync(path.join(wt, 'big.bin'), crypto.randomBytes(3 * 1024 * 1024));
    fs.linkSync(path.join(wt, 'big.bin'), path.join(wt, 'big-link-1.bin'));
    fs.mkdirSync(path.join(wt, 'nested', 'deeper'), { recursive: true });
    fs.linkSync(path.join(wt, 'big.bin'), path.join(wt, 'nested', 'deeper', 'big-link-2.bin'));
    for (let i = 0; i < 60; i++) fs.writeFileSync(path.join(wt, 'nested', `small-${i}.txt`), 'x'.repeat(100 + i * 37));
    // A file shared with a folder outside the worktree (as include's hard-link mode does): counted here once.
    const outside = tempDir('shared');
    fs.writeFileSync(path.join(outside, 'shared.bin'), crypto.randomBytes(512 * 1024));
    fs.linkSync(path.join(outside, 'shared.bin'), path.join(wt, 'shared.bin'));
    fs.symlinkSync('big.bin', path.join(wt, 'link-to-big'));
    // Sparse: 10 MiB long, almost nothing allocated.
    fs.closeSync(fs.openSync(path.join(wt, 'sparse.bin'), 'w'));
    fs.truncateSync(path.join(wt, 'sparse.bin'), 10 * 1024 * 1024);

    const { disk } = await daemon.client.api.sessionDisk({ params: { id: s.shortId } });
    assertWithinOnePercent(disk.worktreeBytes, du(wt), 'worktree');
    assert.ok(disk.worktreeBytes < 2 * 3 * 1024 * 1024, `the 3 MiB file linked three times counts once: ${disk.worktreeBytes}`);
    const { path: logFile } = await daemon.client.api.logTail({ params: { id: s.id }, query: { lines: 1 } });
    assert.equal(disk.logBytes, fs.existsSync(logFile) ? du(logFile) : 0);
    const artifacts = path.join(daemon.home, 'artifacts', s.id);
    assert.equal(disk.artifactBytes, fs.existsSync(artifacts) ? du(artifacts) : 0);
    assert.equal(disk.totalBytes, disk.worktreeBytes + disk.artifactBytes + disk.logBytes);

    const stored = (await daemon.client.api.getSession({ params: { id: s.id } })).session;
    assert.deepEqual(stored.disk, disk, 'the measurement is kept on the session');
    assert.equal(stored.updatedAt, s.updatedAt, 'measuring is not activity: the idle clock stands');
    const out = await cli.ok('sessions', 'show', s.shortId);
    assert.match(out, new RegExp(`^disk: +${humanBytes(disk.totalBytes).replace('.', '\\.')} \\(worktree `, 'm'));

    // Health answers the last background total, never measuring itself; a create triggers a new one.
    const { session: another } = await daemon.client.api.createSession({ body: { project: 'ret', agent: 'demo', action: 'analyze', prompt: 'think' } });
    await daemon.waitForState(another.id, ['completed']);
    const health = await until('health to report a disk total', async () => {
      const h = await daemon.client.api.health();
      return h.disk?.measuredAt && h.disk.totalBytes >= disk.worktreeBytes ? h : null;
    });
    assert.ok(health.disk!.sessions >= 1);
    assert.deepEqual(health.admission && Object.keys(health.admission).sort(), ['maxAgents', 'queued', 'running']);
  });

  it('prune --dry-run lists exactly what prune removes; a waiting session and the branches stay', async function () {
    const archived = await session('think');
    await daemon.client.api.archiveSession({ params: { id: archived.id } });
    const idle = await session('think');
    fs.writeFileSync(path.join(idle.worktreePath!, 'work.txt'), crypto.randomBytes(200 * 1024));
    const waiting = await session('ask-edit src/a.ts', ['waiting_for_user']);

    // The stored policy: archived ones only. Overrides on the command line are for this run.
    const policy = JSON.parse(await cli.ok('retention', '--archived-days', '0', '--json')) as RetentionPolicy;
    assert.deepEqual(policy, { archivedDays: 0, mergedDays: null, idleDays: null, deleteBranch: false, automatic: false });
    assert.match(await cli.ok('retention'), /^archived: +0 days$/m);
    const onlyArchived = await cli.json<PruneResult>('prune', '--dry-run', '--project', 'ret');
    assert.deepEqual(ids(onlyArchived), [archived.id]);

    const preview = await cli.json<PruneResult>('prune', '--dry-run', '--idle-days', '0');
    const chosen = ids(preview);
    assert.ok(chosen.includes(archived.id) && chosen.includes(idle.id), JSON.stringify(preview.candidates));
    assert.ok(!chosen.includes(waiting.id), 'a session waiting for a person is never a candidate');
    assert.deepEqual(preview.removed, []);
    assert.ok(fs.existsSync(archived.worktreePath!) && fs.existsSync(idle.worktreePath!), 'a dry run removes nothing');
    for (const c of preview.candidates) assertWithinOnePercent(c.bytes, du(c.worktreePath), `candidate ${c.shortId}`);
    assert.equal(preview.totalBytes, preview.candidates.reduce((n, c) => n + c.bytes, 0));
    const table = await cli.ok('prune', '--dry-run', '--idle-days', '0');
    assert.match(table, /^would remove these worktrees \(dry run\):$/m);
    assert.ok(table.includes(`total: ${humanBytes(preview.totalBytes)} in ${chosen.length} worktrees, branches kept`), table);
    assert.match(table, new RegExp(`^${idle.shortId} +completed +idle +0\\.\\d+d +\\d+\\.\\d (KiB|MiB) `, 'm'));

    const since = (await daemon.client.api.health()).lastSeq;
    const done = await cli.json<PruneResult>('prune', '--idle-days', '0');
    assert.deepEqual(done.removed, chosen, 'prune removes exactly the dry run’s list');
    assert.deepEqual(done.failed, []);
    for (const c of preview.candidates) {
      assert.ok(!fs.existsSync(c.worktreePath), `${c.worktreePath} is gone`);
      assert.equal(git(repo, 'branch', '--list', c.branch!), c.branch, `branch ${c.branch} is kept`);
    }
    assert.ok(fs.existsSync(waiting.worktreePath!), 'the waiting session keeps its worktree');

    const { events } = await daemon.client.api.listEvents({ query: { since, type: 'worktree.pruned', limit: 100 } });
    const pruned = events.map((e) => ({ sessionId: e.sessionId, payload: narrowEvent(e, 'worktree.pruned')?.payload }));
    assert.deepEqual(pruned.map((p) => p.sessionId).sort(), [...chosen].sort());
    const idleEvent = pruned.find((p) => p.sessionId === idle.id)?.payload;
    assert.deepEqual(idleEvent, { path: idle.worktreePath, branch: idle.branch, reason: 'idle', bytes: preview.candidates.find((c) => c.sessionId === idle.id)!.bytes, branchDeleted: false });
    const after = (await daemon.client.api.getSession({ params: { id: idle.id } })).session;
    assert.equal(after.state, 'archived', 'an idle session without its worktree is archived');
    assert.equal(after.pruned?.reason, 'idle');
    assert.equal(after.pruned?.branchDeleted, false);
    assert.match(await cli.ok('sessions', 'show', idle.shortId), /^pruned: .*\(idle; .* freed\)$/m);

    const again = await cli.json<PruneResult>('prune', '--dry-run', '--idle-days', '0');
    assert.deepEqual(ids(again), [], 'nothing is left to prune');
    await daemon.client.api.answerPermission({ params: { id: waiting.id, requestId: (await daemon.client.api.listPermissions({ params: { id: waiting.id }, query: { state: 'pending' } })).permissions[0]!.id }, body: { optionId: 'allow_once' } });
    await daemon.waitForState(waiting.id, ['completed']);
  });

  it('ages sessions by their stored clock, across a restart; the policy is kept', async function () {
    const old = await session('think');
    const fresh = await session('think');
    await daemon.stop();
    // Ten days without activity, written the way the daemon stores it.
    const store = Store.open(path.join(daemon.home, 'state.db'));
    store.sessions.update(old.id, { updatedAt: new Date(Date.now() - 10 * 86_400_000).toISOString() });
    store.close();
    daemon = await DaemonProcess.start({ home: daemon.home });

    assert.equal((await daemon.client.api.getRetention()).archivedDays, 0, 'the policy outlives a restart');
    const preview = await daemon.client.api.prune({ body: { dryRun: true, idleDays: 5 } });
    assert.deepEqual(ids(preview), [old.id], 'only the session idle for more than 5 days');
    assert.ok(!ids(preview).includes(fresh.id));
    const [candidate] = preview.candidates;
    assert.equal(candidate?.reason, 'idle');
    assert.ok(candidate && candidate.ageDays >= 9.9 && candidate.ageDays <= 10.1, `age ${candidate?.ageDays}`);
    const done = await daemon.client.api.prune({ body: { dryRun: false, idleDays: 5, deleteBranch: true } });
    assert.deepEqual(done.removed, [old.id]);
    assert.equal(git(repo, 'branch', '--list', old.branch!), '', 'asked to, prune deletes the branch');
    assert.ok(fs.existsSync(fresh.worktreePath!));
  });
});

/** The candidates' session ids, in the order prune acts on them. */
function ids(r: PruneResult): string[] {
  return r.candidates.map((c) => c.sessionId);
}
