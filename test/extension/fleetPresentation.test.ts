// How a fleet of sessions reads in the Sessions view and the chat header (issue 11): queue
// positions computed from the sessions the tree has, "setting up: npm ci — 12 s" with a clock,
// ports named first, disk in human units, the fleet reasons in words; the tree model keeping
// positions and setup progress current from events; the fleet settings as daemon flags; the port
// a command is asked to open; the chat header's fleet facts.
import assert from 'node:assert/strict';
import type { Session } from '../../daemon/protocol/entities.js';
import type { LooseEvent } from '../../daemon/protocol/eventNarrowing.js';
import type { SetupStatus } from '../../daemon/protocol/fleetEntities.js';
import { FleetRelay, fleetMessage, type FleetMessage } from '../../extension/chat/fleetRelay.js';
import { portFromArg } from '../../extension/commands/sessionArgs.js';
import {
  diskText,
  formatBytes,
  orderedPorts,
  portsText,
  queuePositions,
  setupProgressText,
  setupSummary,
  totalDiskBytes,
} from '../../extension/model/fleetPresentation.js';
import { isLegal, sessionContextValue } from '../../extension/model/sessionActions.js';
import { sessionDescription, sessionTooltip, stateIcon, stateLabel } from '../../extension/model/sessionPresentation.js';
import { SessionTreeModel } from '../../extension/model/sessionTreeModel.js';
import { admissionPatch, fleetFlags } from '../../extension/supervisor/fleetFlags.js';
import { makeProject, makeSession } from '../cli/fixtures.js';

const NOW = Date.parse('2026-01-01T10:00:00.000Z');
const at = (secondsAgo: number) => new Date(NOW - secondsAgo * 1000).toISOString();

function setup(over: Partial<SetupStatus> = {}): SetupStatus {
  return { state: 'running', command: 'npm ci', index: 0, total: 2, commandStartedAt: at(12), startedAt: at(12), endedAt: null, exitCode: null, ...over };
}

let seq = 0;
function ev(type: string, payload: unknown, sessionId: string | null = null, time = new Date().toISOString()): LooseEvent {
  return { seq: ++seq, type, sessionId, projectId: null, time, payload };
}

describe('fleet presentation', () => {
  it('numbers queued sessions 1… by their ticket, ignoring the others', () => {
    const positions = queuePositions([
      makeSession({ id: 'late', state: 'queued', queueSeq: 9 }),
      makeSession({ id: 'running', state: 'running', queueSeq: 1 }),
      makeSession({ id: 'early', state: 'queued', queueSeq: 3 }),
      makeSession({ id: 'unticketed', state: 'queued' }),
    ]);
    assert.deepEqual([...positions], [
      ['early', 1],
      ['late', 2],
    ]);
  });

  it('describes a queued session with its position and a setting-up one with its command and clock', () => {
    const queued = makeSession({ agent: 'demo', action: 'implement', state: 'queued', stateReason: 'admission', queueSeq: 4, updatedAt: at(60) });
    assert.equal(sessionDescription(queued, NOW, { queuePosition: 2 }), 'demo · implement · queued #2 · 1m');
    assert.equal(sessionDescription(queued, NOW), 'demo · implement · queued · 1m');
    assert.equal(stateIcon(queued).id, 'watch');
    const settingUp = makeSession({ state: 'running', stateReason: 'setting_up', setup: setup(), updatedAt: at(12) });
    assert.equal(sessionDescription(settingUp, NOW), 'demo · implement · setting up: npm ci — 12 s · 12s');
    assert.equal(setupProgressText(setup({ commandStartedAt: at(125) }), NOW), 'setting up: npm ci — 2 min 5 s');
    assert.equal(setupProgressText(setup({ state: 'done', command: null }), NOW), null);
    assert.equal(stateIcon(settingUp).id, 'gear~spin');
  });

  it('says the fleet reasons in words', () => {
    assert.equal(stateLabel({ state: 'queued', stateReason: 'admission' }), 'queued');
    assert.equal(stateLabel({ state: 'running', stateReason: 'setting_up' }), 'setting up');
    assert.equal(stateLabel({ state: 'failed', stateReason: 'setup_failed' }), 'setup failed');
    assert.equal(stateLabel({ state: 'waiting_for_user', stateReason: 'crash_loop' }), 'crash loop — resume to retry');
    assert.equal(stateLabel({ state: 'waiting_for_user', stateReason: 'stalled' }), 'stalled — no word from the agent');
    assert.equal(stateIcon({ state: 'waiting_for_user', stateReason: 'stalled' }).id, 'warning');
    // A stopped session keeps its old reason in the record; it reads as stopped.
    assert.equal(stateLabel({ state: 'stopped', stateReason: 'stalled' }), 'stopped');
  });

  it('lists ports named first, then by number, and shortens a long list', () => {
    const ports = [
      { port: 41002, name: null },
      { port: 41001, name: 'api' },
      { port: 41000, name: null },
      { port: 41003, name: 'web' },
    ];
    assert.deepEqual(orderedPorts(ports).map((p) => p.port), [41001, 41003, 41000, 41002]);
    assert.equal(portsText(ports), '41001 (api), 41003 (web), 41000, 41002');
    assert.equal(portsText(ports, 2), '41001 (api), 41003 (web) …');
    assert.equal(portsText([]), null);
  });

  it('shows disk use in human units and sums a project', () => {
    assert.deepEqual([formatBytes(0), formatBytes(999), formatBytes(12_345), formatBytes(1_234_567_890)], ['0 B', '999 B', '12 kB', '1.2 GB']);
    const disk = { worktreeBytes: 1_100_000_000, artifactBytes: 3_000_000, logBytes: 12_000, totalBytes: 1_103_012_000, measuredAt: at(0) };
    assert.equal(diskText(disk), '1.1 GB (worktree 1.1 GB, artifacts 3.0 MB, log 12 kB)');
    assert.equal(totalDiskBytes([makeSession({ disk }), makeSession({}), makeSession({ disk: { ...disk, totalBytes: 1000 } })]), 1_103_013_000);
    assert.equal(totalDiskBytes([makeSession({})]), null);
  });

  it('adds queue, setup, ports, disk and prune rows to the tooltip', () => {
    const s = makeSession({
      state: 'queued',
      queueSeq: 2,
      setup: setup({ state: 'pending', command: null, commandStartedAt: null }),
      ports: [{ port: 41000, name: 'web' }, { port: 41001, name: null }],
      disk: { worktreeBytes: 2_000_000, artifactBytes: 0, logBytes: 5_000, totalBytes: 2_005_000, measuredAt: at(0) },
      pruned: { at: '2026-01-01T09:00:00.000Z', reason: 'archived', bytes: 2_000_000, branchDeleted: false },
    });
    const tip = sessionTooltip(s, 'proj', NOW, { queuePosition: 3 });
    assert.match(tip, /^queued \\#3$/m);
    assert.match(tip, /\| Queue \| \\#3 — starts when an agent slot frees \|/);
    assert.match(tip, /\| Setup \| pending \\\(2 commands\\\) \|/);
    assert.match(tip, /\| Ports \| 41000 \\\(web\\\), 41001 \|/);
    assert.match(tip, /\| Disk \| 2\\\.0 MB \\\(worktree 2\\\.0 MB, artifacts 0 B, log 5\\\.0 kB\\\) \|/);
    assert.match(tip, /\| Pruned \| 2026\\-01\\-01 \\\(archived, 2\\\.0 MB freed\\\) \|/);
    assert.equal(setupSummary(setup(), NOW), 'setting up: npm ci — 12 s (1/2)');
    assert.equal(setupSummary(setup({ state: 'failed', index: 1, exitCode: 3 }), NOW), 'failed: npm ci (2/2), exit 3');
  });

  it('offers "Open Session Port" only for sessions holding ports', () => {
    const withPorts = makeSession({ state: 'running', ports: [{ port: 41000, name: null }] });
    assert.ok(isLegal(withPorts, 'ports'));
    assert.match(sessionContextValue(withPorts), /:ports(:|$)/);
    assert.ok(!isLegal(makeSession({ state: 'running', ports: [] }), 'ports'));
    assert.ok(!isLegal(makeSession({ state: 'running' }), 'ports'));
    assert.ok(!isLegal({ ...withPorts, state: 'archived' }, 'ports'));
    assert.equal(portFromArg({ sessionId: 's', port: 41000 }), 41000);
    assert.equal(portFromArg({ sessionId: 's', port: 70000 }), null);
    assert.equal(portFromArg({ kind: 'session', sessionId: 's' }), null);
  });
});

describe('fleet facts in the tree model', () => {
  function loaded(sessions: Session[]): SessionTreeModel {
    const m = new SessionTreeModel();
    m.startLoading();
    m.finishLoading([makeProject({ id: 'p1' }), makeProject({ id: 'p2' })], sessions);
    return m;
  }

  it('moves queue positions up when the head starts, and redraws every project with a queued session', () => {
    const a = makeSession({ id: 'a', projectId: 'p1', state: 'queued', queueSeq: 1 });
    const b = makeSession({ id: 'b', projectId: 'p2', state: 'queued', queueSeq: 2 });
    const m = loaded([a, b]);
    assert.deepEqual([m.queuePosition('a'), m.queuePosition('b')], [1, 2]);
    const touched: (Set<string> | 'all')[] = [];
    m.onDidChange((c) => touched.push(c.projects));
    m.applyEvent(ev('session.state_changed', { from: 'queued', to: 'running', reason: null, detail: null }, 'a'));
    assert.equal(m.queuePosition('a'), null);
    assert.equal(m.queuePosition('b'), 1);
    assert.deepEqual([...(touched[0] as Set<string>)].sort(), ['p1', 'p2'], 'the other project redraws its #2 → #1');
    m.applyEvent(ev('session.created', { session: makeSession({ id: 'c', projectId: 'p1', state: 'queued', queueSeq: 3 }) }, 'c'));
    assert.equal(m.queuePosition('c'), 2);
  });

  it('keeps setup progress and ports current from their own events, and knows who is setting up', () => {
    const s = makeSession({ id: 's', projectId: 'p1', state: 'running', stateReason: 'setting_up' });
    const m = loaded([s]);
    assert.deepEqual(m.settingUp(), []);
    m.applyEvent(ev('ports.leased', { ports: [{ port: 41000, name: 'web' }, { port: 41001, name: null }], skipped: [] }, 's'));
    assert.deepEqual(m.session('s')?.ports?.map((p) => p.port), [41000, 41001]);
    m.applyEvent(ev('setup.started', { phase: 'setup', index: 0, total: 2, command: 'npm ci', timeoutMs: 60_000 }, 's', at(5)));
    assert.equal(setupProgressText(m.session('s')?.setup, NOW), 'setting up: npm ci — 5 s');
    assert.deepEqual(m.settingUp().map((x) => x.id), ['s']);
    const ended = { phase: 'setup', total: 2, exitCode: 0, signal: null, durationMs: 5, timedOut: false, tail: null };
    m.applyEvent(ev('setup.ended', { ...ended, index: 0, command: 'npm ci' }, 's'));
    m.applyEvent(ev('setup.started', { phase: 'setup', index: 1, total: 2, command: 'npm run build', timeoutMs: 60_000 }, 's', at(1)));
    assert.equal(m.session('s')?.setup?.command, 'npm run build');
    m.applyEvent(ev('setup.ended', { ...ended, index: 1, command: 'npm run build' }, 's'));
    assert.equal(m.session('s')?.setup?.state, 'done');
    assert.deepEqual(m.settingUp(), [], 'the one-second clock stops');
    // Teardown is not setup: it leaves the status alone.
    m.applyEvent(ev('setup.started', { phase: 'teardown', index: 0, total: 1, command: 'docker compose down', timeoutMs: 60_000 }, 's'));
    assert.equal(m.session('s')?.setup?.state, 'done');
    m.applyEvent(ev('ports.released', { ports: [41000, 41001] }, 's'));
    assert.deepEqual(m.session('s')?.ports, []);
  });

  it('marks a failed setup command failed with its exit code', () => {
    const m = loaded([makeSession({ id: 's', projectId: 'p1', state: 'running' })]);
    m.applyEvent(ev('setup.started', { phase: 'setup', index: 0, total: 1, command: 'npm ci', timeoutMs: 60_000 }, 's'));
    m.applyEvent(ev('setup.ended', { phase: 'setup', index: 0, total: 1, command: 'npm ci', exitCode: 1, signal: null, durationMs: 5, timedOut: false, tail: 'E404' }, 's'));
    assert.deepEqual([m.session('s')?.setup?.state, m.session('s')?.setup?.exitCode], ['failed', 1]);
    assert.deepEqual(m.settingUp(), []);
  });

  it('tells a chat header its queue position, ports and setup, and only when they change', () => {
    const m = loaded([
      makeSession({ id: 'a', projectId: 'p1', state: 'queued', queueSeq: 1 }),
      makeSession({ id: 'b', projectId: 'p1', state: 'queued', queueSeq: 2 }),
    ]);
    assert.deepEqual(fleetMessage(m, 'b'), { type: 'fleet', queuePosition: 2, ports: [], setup: null });
    const posted: FleetMessage[] = [];
    const relay = new FleetRelay(m, 'b', (msg) => posted.push(msg));
    relay.resend();
    m.applyEvent(ev('ports.leased', { ports: [{ port: 41000, name: null }], skipped: [] }, 'a'));
    assert.equal(posted.length, 1, 'another session\'s ports do not concern this header');
    m.applyEvent(ev('session.state_changed', { from: 'queued', to: 'running', reason: null, detail: null }, 'a'));
    assert.deepEqual(posted.map((p) => p.queuePosition), [2, 1]);
    relay.dispose();
    m.applyEvent(ev('session.state_changed', { from: 'queued', to: 'running', reason: null, detail: null }, 'b'));
    assert.equal(posted.length, 2, 'a closed panel hears nothing');
  });
});

describe('fleet settings', () => {
  it('become the flags of a daemon this window starts; a relative worktree root is left out with a warning', () => {
    assert.deepEqual(fleetFlags({ maxAgents: null, memoryFloorMb: null, stallSeconds: null, worktreeRoot: '' }, '/home/u'), { flags: {}, warnings: [] });
    const all = fleetFlags({ maxAgents: 3, memoryFloorMb: 0, stallSeconds: 90, worktreeRoot: '~/wt' }, '/home/u');
    assert.deepEqual(all, { flags: { maxAgents: 3, memoryFloorMb: 0, stallSeconds: 90, worktreeRoot: '/home/u/wt' }, warnings: [] });
    const bad = fleetFlags({ maxAgents: null, memoryFloorMb: null, stallSeconds: null, worktreeRoot: 'worktrees' }, '/home/u');
    assert.deepEqual(bad.flags, {});
    assert.match(bad.warnings[0] ?? '', /switchboard\.worktreeRoot must be an absolute path; "worktrees" is ignored/);
  });

  it('change the admission limits of a running daemon only where set', () => {
    assert.deepEqual(admissionPatch({ maxAgents: 4, memoryFloorMb: null }), { maxAgents: 4 });
    assert.deepEqual(admissionPatch({ maxAgents: null, memoryFloorMb: 512 }), { memoryFloorMb: 512 });
    assert.deepEqual(admissionPatch({ maxAgents: null, memoryFloorMb: null }), {});
  });
});
