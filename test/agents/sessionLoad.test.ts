// session/load after the agent process restarts: the demo agent replays its own history as
// updates before it answers, and the session carries on where it was.
import assert from 'node:assert/strict';
import { AgentConnection } from '../../daemon/agents/agentConnection.js';
import { AgentRequestError } from '../../daemon/agents/errors.js';
import { allow, demoLaunch, RecordingHost, startDemo, useDemoWorkspace } from './demoHarness.js';

describe('session/load after an agent restart', function () {
  const ws = useDemoWorkspace();

  it('replays user and agent messages before answering, then continues the session', async () => {
    const first = new RecordingHost();
    const a = await startDemo(ws.work.path, ws.home.path, first);
    ws.conns.push(a.conn);
    await a.conn.prompt(a.sessionId, 'think');
    await a.conn.prompt(a.sessionId, 'write notes.txt hello');
    await a.conn.terminate();

    const second = new RecordingHost(allow());
    const conn = await AgentConnection.start(demoLaunch(ws.work.path, ws.home.path), second);
    ws.conns.push(conn);
    await conn.loadSessionById(a.sessionId);
    const replayed = second.events.map((e) => [e.type, 'text' in e.payload ? e.payload.text : null]);
    assert.deepEqual(replayed, [
      ['user.message_chunk', 'think'],
      ['agent.message_chunk', 'I thought about it.\n'],
      ['user.message_chunk', 'write notes.txt hello'],
      ['agent.message_chunk', 'Wrote notes.txt (5 bytes).\n'],
    ]);

    assert.equal((await conn.prompt(a.sessionId, 'demo')).stopReason, 'end_turn');
    assert.match(second.messageText(), /Created hello\.txt \(turn 3\)/);
  });

  it('reports an unknown session as session_not_found', async () => {
    const conn = await AgentConnection.start(demoLaunch(ws.work.path, ws.home.path), new RecordingHost());
    ws.conns.push(conn);
    await assert.rejects(conn.loadSessionById('00000000-0000-0000-0000-000000000000'), (e: unknown) =>
      AgentRequestError.is(e, 'session_not_found'),
    );
  });
});
