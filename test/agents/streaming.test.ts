// What arrives over the pipe: big floods complete and in order, slow streams stop on cancel,
// junk lines on stdout do not break the turn, an oversized message ends the connection.
import assert from 'node:assert/strict';

import { AgentRequestError } from '../../daemon/agents/errors.js';
import { isAlive } from '../../daemon/agents/processGroup.js';
import { RecordingHost, startDemo, useDemoWorkspace } from './demoHarness.js';

describe('agent output streaming', function () {
  const ws = useDemoWorkspace();

  it('delivers a flood of 10000 chunks complete and in order before the turn ends', async () => {
    const host = new RecordingHost();
    const started = await startDemo(ws.work.path, ws.home.path, host);
    ws.conn = started.conn;
    const result = await ws.conn.prompt(started.sessionId, 'flood 10000');
    assert.equal(result.stopReason, 'end_turn');
    const chunks = host.ofType('agent.message_chunk').map((e) => e.payload.text);
    assert.equal(chunks.length, 10000);
    chunks.forEach((text, i) => assert.equal(text, `chunk ${i + 1}\n`));
  });

  it('stops a slow stream promptly on cancel with stopReason cancelled', async () => {
    const host = new RecordingHost();
    const started = await startDemo(ws.work.path, ws.home.path, host);
    ws.conn = started.conn;
    const turn = ws.conn.prompt(started.sessionId, 'slow 1000 50');
    await host.waitFor('agent.message_chunk', (e) => e.payload.text === 'chunk 3\n');
    await ws.conn.cancel(started.sessionId);
    assert.equal((await turn).stopReason, 'cancelled');
    assert.ok(host.ofType('agent.message_chunk').length < 1000);
  });

  it('survives junk lines on the agent stdout and still ends the turn', async () => {
    const host = new RecordingHost();
    const started = await startDemo(ws.work.path, ws.home.path, host);
    ws.conn = started.conn;
    const result = await ws.conn.prompt(started.sessionId, 'garbage');
    assert.equal(result.stopReason, 'end_turn');
    assert.equal(host.messageText(), 'Still here after the garbage.\n');
    // The connection is still usable afterwards.
    assert.equal((await ws.conn.prompt(started.sessionId, 'think')).stopReason, 'end_turn');
  });

  it('treats a message over 32 MiB as the end of the agent', async function () {
    this.timeout(60_000);
    const host = new RecordingHost();
    const started = await startDemo(ws.work.path, ws.home.path, host);
    ws.conn = started.conn;
    await assert.rejects(ws.conn.prompt(started.sessionId, 'huge 33'), (err: unknown) => AgentRequestError.is(err, 'exited'));
    await ws.conn.exited;
    assert.equal(ws.conn.pid !== null && isAlive(ws.conn.pid), false);
    assert.ok(host.ofType('log').some((e) => e.payload.level === 'error'), 'the host hears why');
  });
});
