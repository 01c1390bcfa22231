// Ten sessions of one project, created at once through the real daemon, each start an HTTP server
// on $PORT from the project's setup: their port blocks are disjoint, every server answers on its
// own port with its own session's slug, a port another process holds is skipped (and said so),
// the leases outlive a daemon restart, and once every session is deleted no lease, no server and
// no session port is left.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';
import type { Session } from '../../daemon/protocol/entities.js';
import { narrowEvent } from '../../daemon/protocol/eventNarrowing.js';
import { EventStream, type StreamEvent, type WebSocketLikeConstructor } from '../../daemon/protocol/eventStream.js';
import { Store } from '../../daemon/storage/store.js';
import { CliRunner } from '../support/cliRunner.js';
import { DaemonProcess, isAlive, makeRepo, until } from '../support/daemonHarness.js';

const SESSIONS = 10;
const PORTS_EACH = 3;

/** Answers `/` with the session's slug, `/env` with what it was given. */
const SERVER = `const http = require('http');
http.createServer((req, res) => {
  const e = process.env;
  res.end(req.url === '/env' ? JSON.stringify({ PORT: e.PORT, SWITCHBOARD_PORTS: e.SWITCHBOARD_PORTS, SWITCHBOARD_PORT_WEB: e.SWITCHBOARD_PORT_WEB }) : e.SWITCHBOARD_SESSION_SLUG);
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

/**
 * On the servers' command line, so the test finds them among all processes: in the sandbox they
 * run in a PID namespace of their own, and the pid they see is not the host's.
 */
const MARKER = `sb-ports-fleet-${process.pid}-${Date.now()}`;
const CONFIG = JSON.stringify({ setup: [`node server.js ${MARKER} > server.log 2>&1 &`], ports: { count: PORTS_EACH, names: ['web'] } }, null, 2);

/** Host pids of the processes whose command line carries MARKER (Linux /proc). */
function serverPids(): number[] {
  return fs.readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      return fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(MARKER) && isAlive(Number(entry)) ? [Number(entry)] : [];
    } catch {
      return []; // it ended while we looked
    }
  });
}

/** A range of its own per run (room for every block, the occupied port and some strangers). */
function aRange(size: number): [number, number] {
  const from = 20_000 + Math.floor(Math.random() * 9_000);
  return [from, from + size - 1];
}

async function get(port: number, urlPath = '/'): Promise<{ body: string } | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${urlPath}`);
    return { body: await res.text() };
  } catch {
    return null;
  }
}

describe('ports for a fleet of sessions', function () {
  this.timeout(240_000);
  const range = aRange(60);
  let daemon: DaemonProcess;
  let squatter: net.Server;
  let stream: EventStream;
  const seen: StreamEvent[] = [];

  before(async function () {
    // Something else already listens on the range's first port.
    squatter = await new Promise<net.Server>((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen({ port: range[0], host: '127.0.0.1' }, () => resolve(s));
    });
    await startDaemon();
    const repo = makeRepo({ 'README.md': '# ports\n', '.gitignore': 'server.log\n', 'server.js': SERVER, '.switchboard/config.json': CONFIG });
    await daemon.client.api.addProject({ body: { path: repo, slug: 'ports' } });
  });
  /** A daemon (again, on the same state dir when `home` is given), its events followed live from where the last one left off. */
  async function startDaemon(home?: string): Promise<void> {
    daemon = await DaemonProcess.start({ ...(home ? { home } : {}), env: { SWITCHBOARD_MAX_AGENTS: '20', SWITCHBOARD_PORT_RANGE: `${range[0]}-${range[1]}` } });
    // Live, not the stored log: a deleted session's events are deleted with it.
    stream = new EventStream({
      url: `ws://127.0.0.1:${daemon.discovery.port}`,
      token: daemon.discovery.token,
      since: seen.at(-1)?.seq ?? 0,
      WebSocketImpl: WebSocket as unknown as WebSocketLikeConstructor,
      onEvent: (e) => seen.push(e),
    });
  }

  after(async () => {
    stream?.close();
    await daemon?.stop();
    await new Promise((r) => squatter?.close(r));
  });

  it('gives each session its own ports, skips a taken one, and gives them all back on delete', async function () {
    const created = await Promise.all(
      Array.from({ length: SESSIONS }, () => daemon.client.api.createSession({ body: { project: 'ports', agent: 'demo', action: 'implement', prompt: 'think' } })),
    );
    const ids = created.map((c) => c.session.id);

    // Every session leases its block and its server answers on $PORT with its own slug.
    const sessions: Session[] = await Promise.all(
      ids.map((id) => {
        let last: Session | undefined;
        const what = () => `session ${id} to lease ${PORTS_EACH} ports; it is ${last?.state} (${last?.stateReason}: ${last?.stateDetail}), ports ${JSON.stringify(last?.ports)}`;
        return until(what, async () => {
          last = (await daemon.client.api.getSession({ params: { id } })).session;
          return last.ports?.length === PORTS_EACH ? last : null;
        }, 120_000);
      }),
    );
    const all = sessions.flatMap((s) => (s.ports ?? []).map((p) => p.port));
    assert.equal(new Set(all).size, SESSIONS * PORTS_EACH, `disjoint blocks: ${all.join(', ')}`);
    assert.ok(all.every((p) => p > range[0] && p <= range[1]), 'within the range, never the taken first port');
    const slugs = new Set<string>();
    for (const s of sessions) {
      const [web, ...rest] = s.ports ?? [];
      assert.equal(web?.name, 'web');
      assert.ok(rest.every((p) => p.name === null));
      const slug = `sb_ports_${s.shortId}`;
      assert.match(slug, /^[a-z0-9_]{1,63}$/);
      slugs.add(slug);
      const answer = await until(`the server of ${s.id} on ${web?.port}`, () => get(web?.port ?? 0), 120_000);
      assert.equal(answer.body, slug, 'its own slug on its own PORT');
      const env = JSON.parse((await get(web?.port ?? 0, '/env'))?.body ?? '{}') as Record<string, string>;
      assert.deepEqual(env, { PORT: String(web?.port), SWITCHBOARD_PORTS: (s.ports ?? []).map((p) => p.port).join(','), SWITCHBOARD_PORT_WEB: String(web?.port) });
    }
    assert.equal(slugs.size, SESSIONS);
    assert.equal(serverPids().length, SESSIONS, 'one server per session');

    // The taken port was looked at, skipped and reported.
    const leased = seen.flatMap((e) => narrowEvent(e, 'ports.leased') ?? []);
    assert.equal(leased.length, SESSIONS, 'one ports.leased per session');
    assert.ok(leased.every((e) => e.payload.skipped.includes(range[0])), JSON.stringify(leased.map((e) => e.payload.skipped)));

    const first = sessions[0] as Session;
    const shown = await new CliRunner(daemon.home).run('sessions', 'show', first.id);
    const [web, ...rest] = first.ports ?? [];
    assert.ok(shown.out.includes(`ports:`) && shown.out.includes(`${web?.port} (web), ${rest.map((p) => p.port).join(', ')}`), shown.out + shown.err);

    await Promise.all(ids.map((id) => daemon.waitForState(id, ['completed'], 120_000)));

    // The leases are stored: a restarted daemon knows them (and has not handed them out again).
    await daemon.stop();
    stream.close();
    await startDaemon(daemon.home);
    for (const s of sessions) assert.deepEqual((await daemon.client.api.getSession({ params: { id: s.id } })).session.ports, s.ports, `the ports of ${s.id} after a restart`);
    await Promise.all(ids.map((id) => daemon.client.api.deleteSession({ params: { id }, query: { deleteBranch: 'true' } })));

    // Every block came back, announced, and nothing the setups started is left.
    const released = await until('ports.released of every session', () => {
      const r = seen.flatMap((e) => narrowEvent(e, 'ports.released') ?? []);
      return r.length >= SESSIONS ? r : null;
    });
    assert.deepEqual(released.flatMap((e) => e.payload.ports).sort((a, b) => a - b), [...all].sort((a, b) => a - b));
    await until(() => `the servers to end; alive: ${serverPids().join(', ')}`, () => serverPids().length === 0);
    for (const port of all) assert.equal(await get(port), null, `nothing answers on ${port}`);
    await daemon.stop();
    const store = Store.open(path.join(daemon.home, 'state.db'));
    try {
      assert.deepEqual(store.portLeases.all(), [], 'port_leases is empty');
      assert.deepEqual(store.sessions.list({ includeArchived: true }), [], 'no session left to hold ports');
    } finally {
      store.close();
    }
  });
});
