// Reloading a chat panel mid-turn, with real parts: a real daemon running the demo agent, the
// typed client, the event stream over a WebSocket, the host's SessionFeed and the webview's
// reducer. The reloaded panel must show exactly what a panel that never reloaded shows: every
// message once, none missing — while the agent is streaming hard during the reload.
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { LooseEvent } from '../../daemon/protocol/eventNarrowing.js';
import { EventStream, type StreamEvent, type WebSocketLikeConstructor } from '../../daemon/protocol/eventStream.js';
import { SessionFeed, type ChatFeedSource } from '../../extension/chat/sessionFeed.js';
import type { DaemonState } from '../../extension/daemonConnection.js';
import { Emitter } from '../../extension/util/emitter.js';
import { silentLogger } from '../../extension/util/logger.js';
import { applyEvents, createChatModel } from '../../webview-ui/chat/chatModel.js';
import type { ChatModel } from '../../webview-ui/chat/chatTypes.js';
import type { HostMessage } from '../../webview-ui/chat/messages.js';
import { DaemonProcess, makeRepo, until } from '../support/daemonHarness.js';

/** The window's shared feed, reduced to what a chat feed uses: one stream from the head on. */
function liveSource(daemon: DaemonProcess, since: number): ChatFeedSource & { close(): void } {
  const events = new Emitter<StreamEvent>();
  const never = new Emitter<DaemonState>();
  const resets = new Emitter<void>();
  const stream = new EventStream({
    url: `ws://127.0.0.1:${daemon.discovery.port}`,
    token: daemon.discovery.token,
    since,
    WebSocketImpl: WebSocket as unknown as WebSocketLikeConstructor,
    onEvent: (e) => events.fire(e),
  });
  return {
    state: 'up',
    client: daemon.client,
    onEvent: events.event,
    onDidChangeState: never.event,
    onDidReset: resets.event,
    close: () => stream.close(),
  };
}

/** A webview document: applies what follows the init for its own clientId, and records seqs. */
class FakeWebview {
  readonly model: ChatModel = createChatModel();
  readonly seqs: number[] = [];
  live = false;
  #initialized = false;
  constructor(readonly clientId: string) {}

  receive(m: HostMessage): void {
    if (m.type === 'init') this.#initialized = m.clientId === this.clientId;
    if (!this.#initialized) return;
    if (m.type === 'live') this.live = true;
    if (m.type === 'events') {
      this.seqs.push(...m.events.map((e) => e.seq));
      applyEvents(this.model, m.events as LooseEvent[]);
    }
  }
}

describe('chat panel reload mid-turn against a real daemon', function () {
  this.timeout(90_000);
  let daemon: DaemonProcess;
  let source: ReturnType<typeof liveSource> | undefined;
  let feed: SessionFeed | undefined;

  before(async () => {
    daemon = await DaemonProcess.start();
  });
  after(async () => {
    feed?.dispose();
    source?.close();
    await daemon?.stop();
  });

  it('the reloaded panel equals one built from the whole log: no duplicate, no gap', async () => {
    const { project } = await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'reload' } });
    const head = (await daemon.client.api.listEvents({ query: { since: 0, limit: 10_000 } })).lastSeq;
    source = liveSource(daemon, head);
    let doc = new FakeWebview('before-reload');

    const { session } = await daemon.client.api.createSession({
      body: { project: project.id, agent: 'demo', action: 'implement', prompt: 'flood 4000' },
    });
    feed = new SessionFeed({ sessionId: session.id, source, post: (m) => doc.receive(m), log: silentLogger, batchMs: 20, pageSize: 500 });
    feed.ready(doc.clientId, 0);
    // Mid-flood: some chunks are on screen, many are still coming.
    await until('the flood under way', () => doc.model.items.some((i) => i.kind === 'agent' && i.text.length > 2000));

    const before = doc.model.items.map((i) => (i.kind === 'agent' ? i.text : '')).join('');
    assert.ok(!before.includes('chunk 4000\n'), 'the reload happens mid-turn');

    doc = new FakeWebview('after-reload');
    feed.ready(doc.clientId, 0);
    await daemon.waitForState(session.id, ['completed', 'failed']);
    const log = await daemon.client.api.listEvents({ query: { session: session.id, since: 0, limit: 10_000 } });
    assert.equal(log.hasMore, false);
    await until('the reloaded panel caught up', () => doc.live && doc.model.lastSeq === log.lastSeq);

    assert.deepEqual(doc.seqs, log.events.map((e) => e.seq), 'each event of the session exactly once, in order');
    const whole = createChatModel();
    applyEvents(whole, log.events as LooseEvent[]);
    assert.deepEqual(doc.model, whole);
    const text = doc.model.items.filter((i) => i.kind === 'agent').map((i) => (i.kind === 'agent' ? i.text : '')).join('');
    for (const n of [1, 1500, 4000]) assert.ok(text.includes(`chunk ${n}\n`), `chunk ${n} shown`);
    assert.equal(text.match(/chunk 1500\n/g)?.length, 1);
  });
});
