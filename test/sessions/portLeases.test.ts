// Port leases on a real SQLite file with real sockets: blocks are disjoint even when ten sessions
// lease at once, a port something listens on is skipped, a range too small leases nothing, and
// leases outlive a reopened store (a daemon restart) but not their session's record.
import { strict as assert } from 'node:assert';
import net from 'node:net';
import type { Project, Session } from '../../daemon/protocol/entities.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import type { SwitchboardEvent } from '../../daemon/protocol/events.js';
import { EventBus } from '../../daemon/sessions/eventBus.js';
import { PortLeases } from '../../daemon/sessions/portLeases.js';
import { SessionRecords } from '../../daemon/sessions/sessionRecords.js';
import { Store } from '../../daemon/storage/store.js';
import { aProject, aSession, tempDir, type TempDir } from '../storage/helpers.js';

/** A range of its own per run, away from the daemon's default, so parallel runs rarely meet. */
function aRange(size: number): [number, number] {
  const from = 20_000 + Math.floor(Math.random() * 9_000);
  return [from, from + size - 1];
}

function listenOn(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1' }, () => resolve(server));
  });
}

describe('port leases', () => {
  let tmp: TempDir;
  let store: Store;
  let bus: EventBus;
  let records: SessionRecords;
  let project: Project;
  let events: SwitchboardEvent[];
  let servers: net.Server[];

  function open(range: [number, number]): PortLeases {
    store = Store.open(tmp.file());
    bus = new EventBus(store, (err) => assert.fail(String(err)));
    records = new SessionRecords(store, bus);
    bus.subscribe((e) => events.push(e));
    return new PortLeases({ store, bus, records, range });
  }

  function newSession(over: Partial<Session> = {}): Session {
    return store.sessions.insert(aSession(project.id, over));
  }

  const ofType = <T extends SwitchboardEvent['type']>(type: T, sessionId?: string) =>
    events.filter((e): e is Extract<SwitchboardEvent, { type: T }> => e.type === type && (sessionId === undefined || e.sessionId === sessionId));

  beforeEach(() => {
    tmp = tempDir();
    events = [];
    servers = [];
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    if (store.isOpen) store.close();
    tmp.remove();
  });

  it('leases a named block, stores it with the session, announces it and exports it as env', async () => {
    const range = aRange(40);
    const leases = open(range);
    project = store.projects.insert(aProject({ slug: 'Web-App' }));
    const s = newSession();
    const ports = await leases.lease(s.id, { count: 3, names: ['web', 'db'] });
    assert.equal(ports.length, 3);
    assert.deepEqual(ports.map((p) => p.name), ['web', 'db', null]);
    for (const p of ports) assert.ok(p.port >= range[0] && p.port <= range[1], `${p.port} is in the range`);
    assert.deepEqual(records.get(s.id).ports, ports, 'session.ports');
    assert.deepEqual(store.portLeases.ofSession(s.id).map((p) => p.port), ports.map((p) => p.port).sort((a, b) => a - b));
    const leased = ofType('ports.leased', s.id);
    assert.equal(leased.length, 1);
    assert.deepEqual(leased[0]?.payload.ports, ports);
    assert.ok(ofType('session.updated', s.id).some((e) => e.payload.session.ports?.length === 3), 'session.updated carries the ports');

    const env = leases.envFor(s); // a record from before the lease: the table is read
    assert.equal(env.PORT, String(ports[0]?.port));
    assert.equal(env.SWITCHBOARD_PORTS, ports.map((p) => p.port).join(','));
    assert.equal(env.SWITCHBOARD_PORT_WEB, String(ports[0]?.port));
    assert.equal(env.SWITCHBOARD_PORT_DB, String(ports[1]?.port));
    assert.equal(env.SWITCHBOARD_SESSION_SLUG, `sb_web_app_${s.shortId.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`);

    assert.deepEqual(await leases.lease(s.id, { count: 5 }), ports, 'idempotent: the block it holds');
    assert.equal(ofType('ports.leased', s.id).length, 1, 'no second ports.leased');
  });

  it('skips a port another process listens on and reports it', async () => {
    const range = aRange(20);
    const leases = open(range);
    project = store.projects.insert(aProject());
    servers.push(await listenOn(range[0]));
    const s = newSession();
    const ports = await leases.lease(s.id, { count: 4 });
    assert.ok(!ports.some((p) => p.port === range[0]), 'the occupied port is not leased');
    assert.equal(ports.length, 4);
    assert.ok(ofType('ports.leased', s.id)[0]?.payload.skipped.includes(range[0]), 'reported in skipped');
  });

  it('refuses a range with too few free ports, naming ports.range, and leases nothing', async () => {
    const range = aRange(3);
    const leases = open(range);
    project = store.projects.insert(aProject());
    servers.push(await listenOn(range[0]));
    const s = newSession();
    await assert.rejects(leases.lease(s.id, { count: 3 }), (err: unknown) => {
      assert.ok(err instanceof SwitchboardError);
      assert.equal(err.code, 'conflict');
      assert.equal(err.field, 'ports.range');
      assert.deepEqual(err.details, { range, count: 3, free: 2 });
      return true;
    });
    assert.deepEqual(store.portLeases.all(), [], 'nothing half-leased');
    assert.equal(records.get(s.id).ports, undefined);
    assert.equal(ofType('ports.leased').length, 0);
    // The project's own range wins over the daemon's.
    const wide = aRange(10);
    const ports = await leases.lease(s.id, { count: 3, range: wide });
    assert.ok(ports.every((p) => p.port >= wide[0] && p.port <= wide[1]));
  });

  it('never hands one port to two sessions leasing at once', async () => {
    const range = aRange(60);
    const leases = open(range);
    project = store.projects.insert(aProject());
    const sessions = Array.from({ length: 10 }, () => newSession());
    const blocks = await Promise.all(sessions.map((s) => leases.lease(s.id, { count: 5 })));
    const all = blocks.flat().map((p) => p.port);
    assert.equal(all.length, 50);
    assert.equal(new Set(all).size, 50, 'disjoint blocks');
    assert.equal(store.portLeases.all().length, 50);
    // The range is now nearly used up: 10 left, so a block of 11 is refused and one of 10 fits.
    const late = newSession();
    await assert.rejects(leases.lease(late.id, { count: 11 }), (e: unknown) => e instanceof SwitchboardError && e.code === 'conflict');
    const last = await leases.lease(late.id, { count: 10 });
    assert.ok(last.every((p) => !all.includes(p.port)), 'never a port in port_leases');
  });

  it('keeps blocks disjoint when two leasers race without a shared queue', async () => {
    const range = aRange(40);
    const one = open(range);
    const two = new PortLeases({ store, bus, records, range });
    project = store.projects.insert(aProject());
    const sessions = Array.from({ length: 8 }, () => newSession());
    const blocks = await Promise.all(sessions.map((s, i) => (i % 2 === 0 ? one : two).lease(s.id, { count: 4 })));
    const all = blocks.flat().map((p) => p.port);
    assert.equal(new Set(all).size, 32, 'disjoint blocks');
    assert.deepEqual(store.portLeases.all().map((r) => r.port), [...all].sort((a, b) => a - b));
  });

  it('stores a block whole or not at all: a port another session holds rolls the block back', () => {
    open(aRange(5));
    project = store.projects.insert(aProject());
    const a = newSession();
    const b = newSession();
    assert.deepEqual(store.portLeases.insertBlock(a.id, [{ port: 30_001, name: null }], 'now'), []);
    const taken = store.portLeases.insertBlock(b.id, [{ port: 30_000, name: 'web' }, { port: 30_001, name: null }, { port: 30_002, name: null }], 'now');
    assert.deepEqual(taken, [30_001]);
    assert.deepEqual(store.portLeases.all(), [{ port: 30_001, sessionId: a.id }], 'nothing of the refused block stayed');
  });

  it('releases idempotently, and a new lease prefers the ports the session had', async () => {
    const leases = open(aRange(30));
    project = store.projects.insert(aProject());
    const s = newSession();
    const other = newSession();
    const first = await leases.lease(s.id, { count: 3, names: ['web'] });
    const theirs = await leases.lease(other.id, { count: 3 });
    leases.release(s.id);
    assert.deepEqual(store.portLeases.ofSession(s.id), []);
    assert.equal(records.get(s.id).ports, undefined, 'session.ports cleared');
    assert.deepEqual(ofType('ports.released', s.id).map((e) => e.payload.ports), [first.map((p) => p.port).sort((a, b) => a - b)]);
    leases.release(s.id);
    assert.equal(ofType('ports.released', s.id).length, 1, 'no event when it held none');
    assert.equal(leases.envFor(records.get(s.id)).PORT, undefined);
    assert.match(leases.envFor(records.get(s.id)).SWITCHBOARD_SESSION_SLUG ?? '', /^sb_[a-z0-9_]+$/, 'the slug without ports');

    // The second session, leasing again while lower ports are free, gets its own block back
    // (from its last ports.leased), and so does the first, names and order included.
    leases.release(other.id);
    assert.deepEqual(await leases.lease(other.id, { count: 3 }), theirs, 'its earlier ports, though lower ones are free');
    assert.deepEqual(await leases.lease(s.id, { count: 3, names: ['web'] }), first, 'the same ports, in the same order, under the same names');
  });

  it('keeps leases across a reopened store, and drops them with the session record', async () => {
    const range = aRange(30);
    let leases = open(range);
    project = store.projects.insert(aProject());
    const s = newSession();
    const ports = await leases.lease(s.id, { count: 2 });
    store.close();
    leases = open(range);
    events = [];
    assert.deepEqual(await leases.lease(s.id, { count: 2 }), ports, 'the stored block, after a restart');
    assert.equal(ofType('ports.leased').length, 0, 'not leased again');
    store.sessions.delete(s.id);
    assert.deepEqual(store.portLeases.all(), [], 'the FK cascade took the rows');
    assert.doesNotThrow(() => leases.release(s.id), 'releasing a deleted session is a no-op');
  });

  it('makes a database-safe slug of at most 63 characters', () => {
    const leases = open(aRange(5));
    project = store.projects.insert(aProject({ slug: `My.Very-Long Project ${'x'.repeat(80)}` }));
    const s = newSession({ shortId: 'AB-12cd9' });
    const slug = leases.envFor(s).SWITCHBOARD_SESSION_SLUG ?? '';
    assert.match(slug, /^sb_[a-z0-9_]+_ab_12cd9$/);
    assert.ok(slug.length <= 63, `${slug.length} characters`);
    assert.ok(slug.startsWith('sb_my_very_long_project_x'));
  });
});
