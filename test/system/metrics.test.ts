// The daemon's metrics (`GET /api/v1/metrics`): Prometheus' own checker accepts them, and they
// move as a real demo session runs, as stream clients come and go, as HTTP requests are answered.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { register as globalRegistry } from 'prom-client';
import WebSocket from 'ws';
import { findCommand } from '../../daemon/agents/commandLookup.js';
import type { SwitchboardEvent } from '../../daemon/protocol/events.js';
import { ROUTES } from '../../daemon/protocol/routes.js';
import { DaemonMetrics, type MetricSources } from '../../daemon/system/metrics.js';
import { gitOperation } from '../../daemon/system/metricsChannels.js';
import { groupResidentBytes } from '../../daemon/system/metricsProcessMemory.js';
import { DaemonProcess, isAlive, makeRepo, until } from '../support/daemonHarness.js';

type Sample = { name: string; labels: Record<string, string>; value: number };

/** The samples of a text exposition (comments skipped). */
function samples(text: string): Sample[] {
  return text.split('\n').flatMap((line) => {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) return [];
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    return [{ name: m[1]!, labels, value: Number(m[3]) }];
  });
}

/** The sum of the samples named `name` whose labels include `match`. */
function total(text: string, name: string, match: Record<string, string> = {}): number {
  return samples(text)
    .filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

/** Set to 1 where promtool must be there (CI): a missing one then fails instead of skipping. */
const REQUIRE_PROMTOOL_ENV = 'SWITCHBOARD_REQUIRE_PROMTOOL';

function requirePromtool(ctx: Mocha.Context): string {
  const promtool = findCommand('promtool', process.env.PATH);
  if (promtool) return promtool;
  const why = "promtool is not on PATH; install Debian's prometheus package (apt-get install --no-install-recommends prometheus), as .ci/run does";
  if (process.env[REQUIRE_PROMTOOL_ENV] === '1') throw new Error(`${REQUIRE_PROMTOOL_ENV}=1 but ${why}`);
  console.warn(`    SKIPPED LOUDLY: ${why}`);
  ctx.skip();
}

/** Plain HTTP to the daemon, to see the status and headers a scraper sees. */
async function rawGet(d: DaemonProcess, path: string, token: string | null): Promise<{ status: number; contentType: string | null; text: string }> {
  const res = await fetch(`http://127.0.0.1:${d.discovery.port}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

describe('metrics (real daemon, demo agent)', function () {
  let daemon: DaemonProcess;
  const scrape = (): Promise<string> => daemon.client.api.metrics();

  before(async function () {
    daemon = await DaemonProcess.start();
    await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'metered' } });
  });
  after(async () => daemon?.stop());

  it('answers the Prometheus text format, to the token holder only', async function () {
    const scraped = await rawGet(daemon, '/api/v1/metrics', daemon.discovery.token);
    assert.equal(scraped.status, 200);
    assert.match(scraped.contentType ?? '', /^text\/plain; version=0\.0\.4/);
    assert.match(scraped.text, /^# TYPE switchboard_events_appended_total counter$/m);
    assert.match(scraped.text, /^# TYPE process_cpu_seconds_total counter$/m, "prom-client's process metrics are there");
    assert.equal((await rawGet(daemon, '/api/v1/metrics', null)).status, 401);
    assert.match(await scrape(), /^switchboard_sessions\{state="running"\} \d+$/m, 'the typed client hands back the text');
  });

  it('counts events, turns, git operations and requests as a session runs, with route names as labels', async function () {
    const before = await scrape();
    const { session } = await daemon.client.api.createSession({ body: { project: 'metered', agent: 'demo', action: 'implement', prompt: 'hello', permissionPolicy: 'allow-all' } });
    await daemon.waitForState(session.id, ['completed']);
    const stored = (await daemon.client.api.listEvents({ query: { session: session.id, limit: 10_000 } })).events.length;
    const after = await until('the turn to be timed', async () => {
      const text = await scrape();
      return total(text, 'switchboard_turn_duration_seconds_count') > total(before, 'switchboard_turn_duration_seconds_count') ? text : null;
    });
    const grew = (name: string, match: Record<string, string> = {}): number => total(after, name, match) - total(before, name, match);

    assert.ok(grew('switchboard_events_appended_total') >= stored, `every stored event of the session counted (${stored})`);
    assert.equal(grew('switchboard_events_appended_total', { type: 'turn.ended' }), 1);
    assert.equal(grew('switchboard_turn_duration_seconds_count', { outcome: 'completed' }), 1);
    assert.ok(grew('switchboard_turn_duration_seconds_sum') > 0);
    assert.ok(grew('switchboard_git_operation_duration_seconds_count', { operation: 'worktree' }) >= 1, 'the worktree add was timed');
    assert.equal(grew('switchboard_http_requests_total', { method: 'POST', route: 'createSession', status_class: '2xx' }), 1);
    assert.ok(grew('switchboard_http_requests_total', { method: 'GET', route: 'getSession', status_class: '2xx' }) >= 1, 'waitForState polled it');
    const routes = new Set([...Object.keys(ROUTES), 'stream', 'streamEvents', 'raw', 'unmatched']);
    for (const s of samples(after).filter((x) => x.name === 'switchboard_http_requests_total')) assert.ok(routes.has(s.labels.route ?? ''), `route label "${s.labels.route}" is a route name, not a path`);

    assert.equal(total(after, 'switchboard_sessions', { state: 'completed' }), 1);
    // The completed session's agent stays alive, idle, holding its slot until someone needs it.
    assert.equal(total(after, 'switchboard_agents_running'), 1);
    if (process.platform === 'linux') assert.ok(total(after, 'switchboard_agent_resident_memory_bytes') > 10 * 1024 * 1024, 'the idle demo agent is resident');
    assert.equal(total(after, 'switchboard_admission_queue_length'), 0);
  });

  it('counts stream subscribers while they are connected, and the backlog replayed to them', async function () {
    const before = await scrape();
    const ws = new WebSocket(`ws://127.0.0.1:${daemon.discovery.port}/api/v1/stream?since=0`, { headers: { authorization: `Bearer ${daemon.discovery.token}` } });
    let replayed = 0;
    const live = new Promise<void>((resolve, reject) => {
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string };
        if (frame.type === 'event') replayed++;
        if (frame.type === 'live') resolve();
      });
      ws.on('error', reject);
    });
    await live;
    const sse = http.get({ host: '127.0.0.1', port: daemon.discovery.port, path: '/api/v1/stream/events', headers: { authorization: `Bearer ${daemon.discovery.token}` } });
    sse.on('error', () => undefined); // destroyed below on purpose
    const both = await until('both subscribers to be counted', async () => {
      const text = await scrape();
      return total(text, 'switchboard_stream_subscribers', { transport: 'ws' }) === 1 && total(text, 'switchboard_stream_subscribers', { transport: 'sse' }) === 1 ? text : null;
    });
    assert.equal(total(both, 'switchboard_stream_replays_total', { transport: 'ws' }) - total(before, 'switchboard_stream_replays_total', { transport: 'ws' }), 1);
    const replayedCount = total(both, 'switchboard_stream_replayed_events_total', { transport: 'ws' }) - total(before, 'switchboard_stream_replayed_events_total', { transport: 'ws' });
    assert.ok(replayed > 0);
    assert.equal(replayedCount, replayed, 'every replayed frame counted');

    ws.terminate();
    sse.destroy();
    await until('both subscribers to be gone', async () => {
      const text = await scrape();
      return total(text, 'switchboard_stream_subscribers', { transport: 'ws' }) === 0 && total(text, 'switchboard_stream_subscribers', { transport: 'sse' }) === 0;
    });
  });

  it('is accepted by promtool check metrics', async function () {
    const promtool = requirePromtool(this);
    // A session first, so the check sees histograms and labelled counters that hold data.
    const { session } = await daemon.client.api.createSession({ body: { project: 'metered', agent: 'demo', action: 'implement', prompt: 'hello', permissionPolicy: 'allow-all' } });
    await daemon.waitForState(session.id, ['completed']);
    const text = await until('the turn to be timed', async () => {
      const scraped = await scrape();
      return total(scraped, 'switchboard_turn_duration_seconds_count') > 0 ? scraped : null;
    });
    const checked = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(checked.status, 0, `promtool check metrics:\n${checked.stdout}${checked.stderr}`);
  });
});

describe('metric parts', function () {
  it("names a git run by its subcommand, whatever global options precede it, and bounds what isn't one", function () {
    assert.equal(gitOperation(['-c', 'core.fsmonitor=false', 'worktree', 'add', '/x']), 'worktree');
    assert.equal(gitOperation(['-C', '/repo', '--no-pager', 'rev-parse', 'HEAD']), 'rev-parse');
    assert.equal(gitOperation(['../../etc/passwd']), 'other');
    assert.equal(gitOperation([]), 'other');
  });

  it("sums the resident memory of an agent's whole process group", async function () {
    if (process.platform !== 'linux') this.skip(); // /proc: Linux only, and only Linux is tested here
    // A leader and two children of its group, as an agent and the helpers it starts.
    const leader = spawn('sh', ['-c', 'sleep 60 & sleep 60 & wait'], { detached: true, stdio: 'ignore' });
    const pid = leader.pid!;
    try {
      const leaderAlone = Number(/^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;
      assert.ok(leaderAlone > 0);
      // More than the leader holds: its children are counted too (once they run).
      await until('the children to be counted', async () => ((await groupResidentBytes([pid])) ?? 0) > leaderAlone);
      assert.equal(await groupResidentBytes([]), 0);
      assert.equal(await groupResidentBytes([2 ** 22 + 1]), 0, 'no group, nothing');
    } finally {
      process.kill(-pid, 'SIGKILL');
      await until('the group to end', () => !isAlive(pid));
    }
  });

  it('keeps each registry apart and never touches the global one', async function () {
    const sources: MetricSources = { sessionsByState: () => ({ running: 2 }), agentsRunning: () => 0, agentPids: () => [], queuedSessions: () => 0, disk: () => ({ totalBytes: 0, measuredAt: null }) };
    const a = new DaemonMetrics({ sources });
    const b = new DaemonMetrics({ sources });
    try {
      const event = { seq: 1, sessionId: null, projectId: null, time: new Date().toISOString(), type: 'daemon.started', payload: { pid: 1, version: 'x' } } as SwitchboardEvent;
      a.onEvent(event);
      assert.equal(total(await a.render(), 'switchboard_events_appended_total', { type: 'daemon.started' }), 1);
      assert.equal(total(await b.render(), 'switchboard_events_appended_total', { type: 'daemon.started' }), 0);
      assert.doesNotMatch(await globalRegistry.metrics(), /switchboard_/);
    } finally {
      a.close();
      b.close();
    }
  });
});
