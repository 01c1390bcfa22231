// The host side of a chat panel's stream (extension/chat/sessionFeed.ts) against a fake
// connection whose history reads the test can hold open: the handshake order, history paging,
// the seam between history and live events, webview reloads mid-fetch, batching, and the daemon
// going away and coming back.
import assert from 'node:assert/strict';
import type { StreamEvent } from '../../daemon/protocol/eventStream.js';
import type { Session } from '../../daemon/protocol/entities.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import type { RouteInput, RouteResponse } from '../../daemon/protocol/routes.js';
import { SessionFeed, type ChatFeedSource } from '../../extension/chat/sessionFeed.js';
import type { DaemonState } from '../../extension/daemonConnection.js';
import { Emitter } from '../../extension/util/emitter.js';
import { silentLogger } from '../../extension/util/logger.js';
import type { HostMessage } from '../../webview-ui/chat/messages.js';
import { until } from '../support/until.js';

const SID = 'sess-1';

function session(): Session {
  return {
    id: SID, shortId: 'sess', projectId: 'p', agent: 'demo', action: 'implement', title: 'demo', prompt: 'demo', model: null,
    scopePath: null, state: 'running', stateReason: null, stateDetail: null, permissionPolicy: 'ask', readOnly: false,
    cwd: '/srv/repo-worktree', worktreePath: '/srv/repo-worktree', branch: 'b', baseRef: 'main', baseCommit: null, acpSessionId: null,
    runtimeHandle: null, agentCapabilities: null, authMethods: [], exitCode: null, createdAt: 't', updatedAt: 't', endedAt: null,
  };
}

function ev(seq: number, sessionId: string | null = SID): StreamEvent {
  return { seq, type: 'agent.message_chunk', sessionId, projectId: 'p', time: 't', payload: { text: `c${seq} ` } };
}

/** A daemon whose event log the test appends to, and whose `listEvents` calls can be held. */
class FakeDaemon implements ChatFeedSource {
  state: DaemonState = 'up';
  log: StreamEvent[] = [];
  readonly events = new Emitter<StreamEvent>();
  readonly states = new Emitter<DaemonState>();
  readonly resets = new Emitter<void>();
  readonly onEvent = this.events.event;
  readonly onDidChangeState = this.states.event;
  readonly onDidReset = this.resets.event;
  listCalls = 0;
  /** When set, every listEvents call waits for it before answering. */
  gate: Promise<void> | null = null;
  failNext: Error | null = null;

  get client() {
    if (this.state !== 'up') return null;
    return {
      api: {
        getSession: async (_input?: Partial<RouteInput<'getSession'>>): Promise<RouteResponse<'getSession'>> => {
          if (this.failNext) {
            const e = this.failNext;
            this.failNext = null;
            throw e;
          }
          return { session: session(), turns: [], pendingPermissions: [] };
        },
        listEvents: async (input?: Partial<RouteInput<'listEvents'>>): Promise<RouteResponse<'listEvents'>> => {
          this.listCalls++;
          if (this.gate) await this.gate;
          const q = input?.query ?? {};
          const since = Number(q.since ?? 0);
          const limit = Number(q.limit ?? 1000);
          const rows = this.log.filter((e) => e.seq > since && (q.session === undefined || e.sessionId === q.session));
          const page = rows.slice(0, limit);
          return { events: page, lastSeq: page[page.length - 1]?.seq ?? since, hasMore: rows.length > limit };
        },
      },
    };
  }

  /** The daemon appends an event and broadcasts it on the live feed. */
  append(e: StreamEvent): void {
    this.log.push(e);
    this.events.fire(e);
  }
}

/** What a webview document receives: only what follows the init answering its own ready counts. */
function webview(posted: HostMessage[], clientId: string) {
  const start = posted.findIndex((m) => m.type === 'init' && m.clientId === clientId);
  const after = start < 0 ? [] : posted.slice(start);
  return {
    seqs: after.flatMap((m) => (m.type === 'events' ? m.events.map((e) => e.seq) : [])),
    types: after.map((m) => m.type),
    live: after.some((m) => m.type === 'live'),
  };
}

/** Lets everything already queued run (promise callbacks, then one turn of the event loop). */
const settled = () => new Promise<void>((r) => setImmediate(r));

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('chat session feed (host side)', () => {
  let daemon: FakeDaemon;
  let posted: HostMessage[];
  let feed: SessionFeed;

  beforeEach(() => {
    daemon = new FakeDaemon();
    posted = [];
    feed = new SessionFeed({ sessionId: SID, source: daemon, post: (m) => posted.push(m), log: silentLogger, batchMs: 5, pageSize: 4 });
  });
  afterEach(() => feed.dispose());

  it('answers ready with init, then the history in pages, then live; live events follow in order', async () => {
    for (const s of range(1, 10)) daemon.log.push(ev(s));
    daemon.log.push(ev(11, 'other-session'));
    feed.ready('a', 0);
    assert.equal(posted[0]?.type, 'init');
    await until('live', () => webview(posted, 'a').live);
    assert.deepEqual(webview(posted, 'a').types, ['init', 'state', 'events', 'events', 'events', 'live']);
    assert.equal(daemon.listCalls, 3);
    for (const s of [12, 13]) daemon.append(ev(s));
    daemon.append(ev(14, 'other-session'));
    await until('live events', () => webview(posted, 'a').seqs.length === 12);
    assert.deepEqual(webview(posted, 'a').seqs, [...range(1, 10), 12, 13]);
    assert.equal(feed.session?.title, 'demo');
  });

  it('sends only what a webview that already has events up to lastSeq lacks', async () => {
    for (const s of range(1, 6)) daemon.log.push(ev(s));
    feed.ready('a', 4);
    await until('live', () => webview(posted, 'a').live);
    assert.deepEqual(webview(posted, 'a').seqs, [5, 6]);
  });

  it('closes the seam: events appended during the history fetch arrive once, in order, none lost', async () => {
    for (const s of range(1, 9)) daemon.log.push(ev(s));
    let open!: () => void;
    daemon.gate = new Promise((r) => (open = r));
    feed.ready('a', 0);
    // While the first page is in flight the agent streams on: the log grows and the feed fires.
    for (const s of range(10, 20)) daemon.append(ev(s));
    daemon.gate = null;
    open();
    await until('live', () => webview(posted, 'a').live);
    for (const s of range(21, 25)) daemon.append(ev(s));
    await until('all events', () => webview(posted, 'a').seqs.length >= 25);
    assert.deepEqual(webview(posted, 'a').seqs, range(1, 25));
  });

  it('a webview reloaded mid-fetch gets a complete stream of its own; the old fetch stops', async () => {
    for (const s of range(1, 12)) daemon.log.push(ev(s));
    let open!: () => void;
    daemon.gate = new Promise((r) => (open = r));
    feed.ready('first', 0);
    await until('first fetch started', () => daemon.listCalls === 1);
    daemon.append(ev(13));
    // The document reloads (hidden and shown, or "Reload Webviews"): a new ready from scratch.
    feed.ready('second', 0);
    daemon.append(ev(14));
    daemon.gate = null;
    open();
    await until('live', () => webview(posted, 'second').live);
    daemon.append(ev(15));
    await until('live event', () => webview(posted, 'second').seqs.includes(15));
    assert.deepEqual(webview(posted, 'second').seqs, range(1, 15));
    assert.equal(posted.filter((m) => m.type === 'live').length, 1, 'the abandoned fetch never went live');
  });

  it('batches a flood of live events into a few posts', async () => {
    feed.ready('a', 0);
    await until('live', () => webview(posted, 'a').live);
    const before = posted.length;
    for (const s of range(1, 5000)) daemon.append(ev(s));
    await until('flood delivered', () => webview(posted, 'a').seqs.length === 5000);
    const posts = posted.length - before;
    assert.ok(posts <= 10, `${posts} posts for 5000 events`);
    assert.deepEqual(webview(posted, 'a').seqs, range(1, 5000));
  });

  it('waits for the daemon when it is down, tells the webview, and loads history when it is back', async () => {
    daemon.state = 'down';
    for (const s of range(1, 3)) daemon.log.push(ev(s));
    feed.ready('a', 0);
    assert.deepEqual(posted[0], { type: 'init', clientId: 'a', sessionId: SID, session: null, connection: 'down' });
    // With no client the feed reads nothing and sets no timer: only 'up' starts the fetch.
    await settled();
    assert.equal(daemon.listCalls, 0);
    daemon.state = 'up';
    daemon.states.fire('up');
    await until('live', () => webview(posted, 'a').live);
    assert.deepEqual(webview(posted, 'a').seqs, [1, 2, 3]);
    assert.ok(posted.some((m) => m.type === 'state' && m.connection === 'live'));
  });

  it('follows the session from its own events; a payload that does not parse changes nothing', async () => {
    const titles: string[] = [];
    feed.dispose();
    feed = new SessionFeed({ sessionId: SID, source: daemon, post: (m) => posted.push(m), log: silentLogger, batchMs: 5, onSession: (s) => titles.push(s.title) });
    feed.ready('a', 0);
    await until('live', () => webview(posted, 'a').live);
    const base = { sessionId: SID, projectId: 'p', time: 't' };
    daemon.append({ ...base, seq: 1, type: 'session.updated', payload: { session: { ...session(), title: 'renamed' } } });
    daemon.append({ ...base, seq: 2, type: 'session.state_changed', payload: { from: 'running', to: 'waiting_for_user', reason: 'permission', detail: null } });
    daemon.append({ ...base, seq: 3, type: 'session.updated', payload: { session: { title: 'half a session' } } });
    daemon.append({ ...base, seq: 4, type: 'session.state_changed', payload: { to: 'no-such-state' } });
    assert.deepEqual(titles, ['demo', 'renamed', 'renamed']);
    assert.equal(feed.session?.title, 'renamed');
    assert.equal(feed.session?.state, 'waiting_for_user');
    assert.equal(feed.session?.stateReason, 'permission');
    // Shown or not, every event still reaches the webview once.
    await until('the events', () => webview(posted, 'a').seqs.length === 4);
    assert.deepEqual(webview(posted, 'a').seqs, [1, 2, 3, 4]);
  });

  it('says plainly when the session no longer exists', async () => {
    daemon.failNext = new SwitchboardError('not_found', 'no session sess-1');
    feed.ready('a', 0);
    await until('error', () => posted.some((m) => m.type === 'error'));
    assert.deepEqual(posted.find((m) => m.type === 'error'), { type: 'error', message: 'This session no longer exists.' });
  });

  it('asks the webview to start over when the daemon\'s event log was replaced', async () => {
    feed.ready('a', 0);
    await until('live', () => webview(posted, 'a').live);
    daemon.resets.fire();
    assert.equal(posted[posted.length - 1]?.type, 'reset');
    // Nothing more is sent until the webview says ready again. A live event would be posted one
    // batch (5 ms) after it arrives, so the delay IS the thing under test: several batch intervals.
    daemon.append(ev(1));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(posted[posted.length - 1]?.type, 'reset');
  });
});
