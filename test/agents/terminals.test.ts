// Commands an agent runs through terminal/*: output capped from the start, killable as a group,
// confined to the session root.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AgentConnection, AgentEvent } from '../../daemon/agents/agentConnection.js';
import { FsRefusal, TerminalError } from '../../daemon/agents/errors.js';
import { isAlive } from '../../daemon/agents/processGroup.js';
import { TerminalManager } from '../../daemon/agents/terminals.js';
import { until } from '../support/until.js';
import { ensureDemoAgentBuilt, RecordingHost, startDemo, tempDir } from './demoHarness.js';

/** Polls for a process to disappear: its reaper (init) reaps it when it gets to it. */
async function waitUntilGone(pid: number, deadlineMs = 5_000): Promise<void> {
  await until(`process ${pid} to be gone`, () => !isAlive(pid) || isZombie(pid), deadlineMs, 20);
}

function isZombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('agent terminals', function () {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let events: AgentEvent[];
  let terminals: TerminalManager;

  beforeEach(async () => {
    work = await tempDir('term');
    events = [];
    terminals = new TerminalManager({ root: work.path, env: { PATH: process.env.PATH ?? '' }, emit: (e) => events.push(e) });
  });
  afterEach(async () => {
    terminals.killAll();
    await work.remove();
  });

  const node = (script: string) => ({ acpSessionId: 's1', command: process.execPath, args: ['-e', script], env: [], cwd: null });

  it('keeps only the last outputByteLimit bytes and says it truncated', async () => {
    const id = await terminals.create({
      ...node('process.stderr.write("start\\n", () => { for (let i = 0; i < 2000; i++) process.stdout.write(`line ${String(i).padStart(4, "0")}\\n`) })'),
      outputByteLimit: 100,
    });
    const exit = await terminals.waitForExit('s1', id);
    assert.equal(exit.exitCode, 0);
    const out = terminals.output('s1', id);
    assert.equal(out.truncated, true);
    assert.ok(Buffer.byteLength(out.output) <= 100);
    assert.ok(out.output.endsWith('line 1998\nline 1999\n'), 'the end of the output is kept');
    assert.ok(!out.output.includes('start'), 'the start is dropped');
    assert.deepEqual(out.exitStatus, { exitCode: 0, signal: null });
    const exited = events.find((e) => e.type === 'terminal.exited');
    assert.deepEqual(exited?.payload, { terminalId: id, exitCode: 0, signal: null, outputBytes: 6 + 2000 * 10, truncated: true });
  });

  it('captures stdout and stderr in one stream', async () => {
    const id = await terminals.create({ ...node('process.stdout.write("to stdout\\n", () => process.stderr.write("to stderr\\n"))'), outputByteLimit: null });
    await terminals.waitForExit('s1', id);
    const out = terminals.output('s1', id).output;
    assert.ok(out.includes('to stdout\n') && out.includes('to stderr\n'), out);
  });

  it('never cuts a UTF-8 character in half when truncating', async () => {
    const id = await terminals.create({ ...node('process.stdout.write("é".repeat(100))'), outputByteLimit: 51 });
    await terminals.waitForExit('s1', id);
    const out = terminals.output('s1', id);
    assert.equal(out.output, 'é'.repeat(25));
  });

  it('kills the whole process group of a command', async () => {
    // The command starts a grandchild and waits; kill must take both.
    const id = await terminals.create({
      ...node(
        'const c = require("child_process").spawn(process.execPath, ["-e", "setInterval(()=>{},1000)"], { stdio: "ignore" }); console.log(c.pid); setInterval(()=>{},1000)',
      ),
      outputByteLimit: null,
    });
    const grandchild = await new Promise<number>((resolve) => {
      const poll = setInterval(() => {
        const pid = Number.parseInt(terminals.output('s1', id).output, 10);
        if (pid > 0) {
          clearInterval(poll);
          resolve(pid);
        }
      }, 20);
    });
    terminals.kill('s1', id);
    const exit = await terminals.waitForExit('s1', id);
    assert.equal(exit.signal, 'SIGTERM');
    await waitUntilGone(grandchild);
    terminals.release('s1', id);
    assert.throws(() => terminals.output('s1', id), (e: unknown) => TerminalError.is(e, 'not_found'));
  });

  it('runs in the root or below, never outside it, and reports a missing command', async () => {
    await mkdir(path.join(work.path, 'sub'));
    const id = await terminals.create({ ...node('console.log(process.cwd())'), cwd: path.join(work.path, 'sub'), outputByteLimit: null });
    await terminals.waitForExit('s1', id);
    assert.match(terminals.output('s1', id).output, /sub\n$/);
    assert.deepEqual(events.find((e) => e.type === 'terminal.started')?.payload.cwd, 'sub');
    await assert.rejects(terminals.create({ ...node('1'), cwd: path.dirname(work.path), outputByteLimit: null }), (e: unknown) =>
      FsRefusal.is(e, 'outside_root'),
    );
    await assert.rejects(
      terminals.create({ acpSessionId: 's1', command: 'switchboard-no-such-command', args: [], env: [], cwd: null, outputByteLimit: null }),
      (e: unknown) => TerminalError.is(e, 'spawn_failed'),
    );
  });

  it('another session cannot read a terminal it does not own', async () => {
    const id = await terminals.create({ ...node('1'), outputByteLimit: null });
    assert.throws(() => terminals.output('s2', id), (e: unknown) => TerminalError.is(e, 'not_found'));
  });

  describe('through the demo agent', () => {
    let home: Awaited<ReturnType<typeof tempDir>>;
    let conn: AgentConnection | null = null;
    before(ensureDemoAgentBuilt);
    beforeEach(async () => {
      home = await tempDir('home');
    });
    afterEach(async () => {
      await conn?.terminate();
      conn = null;
      await home.remove();
    });

    it('runs a command the agent asks for and echoes its output, with the default output limit applied', async () => {
      const host = new RecordingHost();
      const started = await startDemo(work.path, home.path, host, { terminalOutputLimit: 64 });
      conn = started.conn;
      const result = await conn.prompt(started.sessionId, `run ${process.execPath} -e process.stdout.write("x".repeat(1000)+"END")`);
      assert.equal(result.stopReason, 'end_turn');
      const text = host.messageText();
      assert.ok(text.includes(`${'x'.repeat(61)}END\n[exit code 0]`), text);
      const exited = host.ofType('terminal.exited')[0];
      assert.equal(exited?.payload.truncated, true);
      assert.equal(exited?.payload.outputBytes, 1003);
    });

    it('kills the command of a cancelled turn', async () => {
      const host = new RecordingHost();
      const started = await startDemo(work.path, home.path, host);
      conn = started.conn;
      const turn = conn.prompt(started.sessionId, `run ${process.execPath} -e setInterval(()=>{},1000)`);
      await host.waitFor('terminal.started');
      await conn.cancel(started.sessionId);
      assert.equal((await turn).stopReason, 'cancelled');
      const exited = await host.waitFor('terminal.exited');
      assert.equal(exited.payload.signal, 'SIGTERM');
    });
  });
});
