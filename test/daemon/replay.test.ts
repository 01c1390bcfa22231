// Clients that drop and come back get exactly what they missed, from the real daemon's log.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import WebSocket from 'ws';
import { DaemonProcess, makeRepo } from '../support/daemonHarness.js';

type Frame = { type: string; event?: { seq: number }; lastSeq?: number };

/** Opens the WS stream and collects event seqs until `stopAfter` of them arrived (or live with none left). */
function wsCollect(d: DaemonProcess, query: string, stopAfter: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const seqs: number[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${d.discovery.port}/api/v1/stream?${query}`, { headers: { authorization: `Bearer ${d.discovery.token}` } });
    ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as Frame;
      if (f.type === 'event') seqs.push(f.event!.seq);
      if (seqs.length >= stopAfter || f.type === 'live') {
        ws.terminate();
        resolve(seqs);
      }
    });
    ws.on('error', reject);
  });
}

function sseCollect(d: DaemonProcess, query: string, lastEventId: string | null): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${d.discovery.token}` };
    if (lastEventId) headers['last-event-id'] = lastEventId;
    const req = http.get({ host: '127.0.0.1', port: d.discovery.port, path: `/api/v1/stream/events?${query}`, headers }, (res) => {
      let buf = '';
      const seqs: number[] = [];
      res.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const id = /^id: (\d+)$/m.exec(block);
          if (id) seqs.push(Number(id[1]));
          if (/^event: live$/m.test(block)) {
            req.destroy();
            resolve(seqs);
          }
        }
      });
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
  });
}

describe('replay after a dropped connection (real daemon)', function () {
  let daemon: DaemonProcess;
  let sessionId: string;
  let all: number[];
  before(async function () {
    daemon = await DaemonProcess.start();
    await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'replay' } });
    const { session } = await daemon.client.api.createSession({ body: { project: 'replay', agent: 'demo', action: 'implement', prompt: 'flood 3000', permissionPolicy: 'allow-all' } });
    sessionId = session.id;
    await daemon.waitForState(sessionId, ['completed']);
    all = await wsCollect(daemon, `session=${sessionId}`, Number.MAX_SAFE_INTEGER);
    assert.ok(all.length > 3000);
  });
  after(async () => daemon?.stop());

  it('WS: a client that drops after event N and reconnects with since=N gets exactly the rest', async function () {
    const first = await wsCollect(daemon, `session=${sessionId}`, 1234);
    const n = first[first.length - 1]!;
    const rest = await wsCollect(daemon, `session=${sessionId}&since=${n}`, Number.MAX_SAFE_INTEGER);
    assert.deepEqual([...first, ...rest], all, 'no gap, no duplicate');
  });

  it('SSE: Last-Event-ID resumes exactly after that event', async function () {
    const full = await sseCollect(daemon, `session=${sessionId}`, null);
    assert.deepEqual(full, all);
    const cut = all[1500]!;
    const rest = await sseCollect(daemon, `session=${sessionId}`, String(cut));
    assert.deepEqual(rest, all.slice(1501));
  });
});

describe('paging the event log', function () {
  it('answers hasMore at the largest page size, and the next page holds exactly the rest', async function () {
    const daemon = await DaemonProcess.start();
    try {
      await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'pages' } });
      const { session } = await daemon.client.api.createSession({ body: { project: 'pages', agent: 'demo', action: 'implement', prompt: 'flood 10050', permissionPolicy: 'allow-all' } });
      await daemon.waitForState(session.id, ['completed']);
      const first = await daemon.client.api.listEvents({ query: { session: session.id, limit: 10_000 } });
      assert.equal(first.events.length, 10_000);
      assert.equal(first.hasMore, true);
      const rest = await daemon.client.api.listEvents({ query: { session: session.id, since: first.lastSeq, limit: 10_000 } });
      assert.equal(rest.hasMore, false);
      const chunks = [...first.events, ...rest.events].filter((e) => e.type === 'agent.message_chunk');
      assert.equal(chunks.length, 10_050, 'every streamed chunk stored once');
    } finally {
      await daemon.stop();
    }
  });
});

describe('resume when the agent cannot load its session', function () {
  it('starts a new ACP session primed with a transcript summary and records context.reset', async function () {
    const daemon = await DaemonProcess.start();
    try {
      await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'reset' } });
      const { session } = await daemon.client.api.createSession({ body: { project: 'reset', agent: 'demo', action: 'implement', prompt: 'write notes.txt first', permissionPolicy: 'allow-all' } });
      await daemon.waitForState(session.id, ['completed']);
      await daemon.client.api.stopSession({ params: { id: session.id } });
      // The agent loses its own history (a reinstall, a wiped cache): session/load will fail.
      fs.rmSync(path.join(daemon.home, 'agent-homes', 'demo', '.demo-agent'), { recursive: true, force: true });
      await daemon.client.api.resumeSession({ params: { id: session.id } });
      await daemon.waitForState(session.id, ['completed']);
      const resets = (await daemon.client.api.listEvents({ query: { session: session.id, type: 'context.reset' } })).events;
      assert.equal(resets.length, 1);
      assert.match((resets[0]!.payload as { summary: string }).summary, /write notes\.txt first/);
      const after = (await daemon.client.api.getSession({ params: { id: session.id } })).session;
      assert.notEqual(after.acpSessionId, session.acpSessionId ?? 'never-set');
    } finally {
      await daemon.stop();
    }
  });
});
