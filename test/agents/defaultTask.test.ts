// The demo agent's default turn, end to end over stdio: plan, streamed text, a permission
// request, a confined file write with a diff, a terminal command, end_turn.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { allow, RecordingHost, startDemo, useDemoWorkspace } from './demoHarness.js';

describe('demo agent default task', function () {
  const ws = useDemoWorkspace();

  it('asks permission, writes the file inside its cwd, runs a command and ends the turn', async () => {
    const host = new RecordingHost(allow('allow_once'));
    const started = await startDemo(ws.work.path, ws.home.path, host);
    ws.conn = started.conn;
    assert.equal(ws.conn.protocolVersion, 1);
    assert.equal(ws.conn.loadSession, true);
    assert.deepEqual(ws.conn.authMethods, []);

    const result = await ws.conn.prompt(started.sessionId, 'demo');
    assert.equal(result.stopReason, 'end_turn');

    const content = await readFile(path.join(ws.work.path, 'hello.txt'), 'utf8');
    assert.equal(content, 'Hello from the demo agent (turn 1)\n');

    const types = host.events.map((e) => e.type);
    assert.ok(types.includes('agent.thought_chunk'), 'a thought chunk');
    const plans = host.ofType('plan');
    assert.ok(plans.length >= 2, 'the plan is updated as the work goes');
    assert.equal(plans[0]?.payload.entries.length, 3);
    assert.deepEqual(plans.at(-1)?.payload.entries.map((e) => e.status), ['completed', 'completed', 'completed']);
    assert.ok(host.ofType('agent.message_chunk').length >= 4, 'several message chunks');

    const ask = host.permissionAsks[0];
    assert.ok(ask, 'permission was asked');
    assert.deepEqual(ask.options.map((o) => o.kind), ['allow_once', 'allow_always', 'reject_once']);
    assert.equal(ask.toolCall.kind, 'edit');
    assert.equal(ask.acpSessionId, started.sessionId);

    const edit = host.ofType('tool_call').find((e) => e.payload.kind === 'edit');
    assert.equal(edit?.payload.status, 'pending');
    assert.deepEqual(host.ofType('file.written').map((e) => e.payload), [{ path: 'hello.txt', bytes: content.length, created: true }]);
    const done = host.ofType('tool_call_update').find((e) => e.payload.toolCallId === edit?.payload.toolCallId && e.payload.status === 'completed');
    assert.deepEqual(done?.payload.content, [
      { type: 'diff', path: path.join(ws.work.path, 'hello.txt'), oldText: null, newText: content },
    ]);

    const started1 = await host.waitFor('terminal.started');
    assert.equal(started1.payload.command, process.execPath);
    assert.deepEqual(started1.payload.args, ['--version']);
    const exited = await host.waitFor('terminal.exited');
    assert.equal(exited.payload.exitCode, 0);
    assert.ok(host.ofType('tool_call').some((e) => e.payload.kind === 'execute'), 'an execute tool call');
    assert.match(host.messageText(), /Done\. Created hello\.txt \(turn 1\); node --version: exit code 0\./);
    // The order a person would see: permission after the tool call, the write before the command.
    assert.ok(types.indexOf('file.written') < types.indexOf('terminal.started'));
  });

  it('edits the file it finds on a later turn and shows the old text in the diff', async () => {
    await writeFile(path.join(ws.work.path, 'hello.txt'), 'existing line\n');
    const host = new RecordingHost(allow('allow_always'));
    const started = await startDemo(ws.work.path, ws.home.path, host);
    ws.conn = started.conn;
    assert.equal((await ws.conn.prompt(started.sessionId, 'demo')).stopReason, 'end_turn');
    assert.equal(await readFile(path.join(ws.work.path, 'hello.txt'), 'utf8'), 'existing line\nHello again (turn 1)\n');
    assert.equal(host.ofType('file.written')[0]?.payload.created, false);
    const diff = host.ofType('tool_call_update').flatMap((e) => e.payload.content ?? [])[0] as { oldText: string };
    assert.equal(diff.oldText, 'existing line\n');
  });

  it('writes nothing when the person rejects', async () => {
    const host = new RecordingHost(allow('reject_once'));
    const started = await startDemo(ws.work.path, ws.home.path, host);
    ws.conn = started.conn;
    const result = await ws.conn.prompt(started.sessionId, 'demo');
    assert.equal(result.stopReason, 'end_turn');
    assert.equal(existsSync(path.join(ws.work.path, 'hello.txt')), false);
    assert.deepEqual(host.ofType('file.written'), []);
    assert.match(host.messageText(), /Permission denied/);
  });

  it('ends the turn cancelled when a pending permission request is cancelled', async () => {
    const host = new RecordingHost(() => new Promise(() => undefined)); // nobody answers
    const started = await startDemo(ws.work.path, ws.home.path, host);
    ws.conn = started.conn;
    const turn = ws.conn.prompt(started.sessionId, 'demo');
    const ask = await host.nextPermissionAsk();
    await ws.conn.cancel(started.sessionId);
    assert.equal((await turn).stopReason, 'cancelled');
    assert.equal(ask.signal.aborted, true, 'the host is told its parked request is void');
    assert.equal(existsSync(path.join(ws.work.path, 'hello.txt')), false);
  });
});
