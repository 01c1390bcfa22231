// The rest of the ACP session lifecycle through the real daemon and the demo agent declaring
// session/resume, session/close and session/list (DEMO_AGENT_SESSION_CAPS): a stopped session comes
// back through session/resume with nothing replayed, stopping closes the agent's session first, and
// the agent's own sessions for a project are listed (following its cursor) and continued with
// `fromAgentSession`; what cannot be listed or continued is a 400 naming the field.
import assert from 'node:assert/strict';
import path from 'node:path';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import { CliRunner } from '../support/cliRunner.js';
import { DaemonProcess, makeRepo, ROOT } from '../support/daemonHarness.js';

describe('agent session lifecycle (resume, close, list)', function () {
  this.timeout(90_000);
  let daemon: DaemonProcess;
  before(async function () {
    daemon = await DaemonProcess.start();
    await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'life' } });
    await daemon.client.api.addAgent({
      body: { name: 'demo-life', command: process.execPath, args: [path.join(ROOT, 'dist', 'demo-agent.cjs')], env: { DEMO_AGENT_SESSION_CAPS: 'resume,close,list' } },
    });
  });
  after(async () => daemon?.stop());

  const api = () => daemon.client.api;

  async function completedSession(prompt: string, extra: { fromAgentSession?: string } = {}) {
    const { session } = await api().createSession({ body: { project: 'life', agent: 'demo-life', action: 'implement', prompt, ...extra } });
    await daemon.waitForState(session.id, ['completed']);
    return (await api().getSession({ params: { id: session.id } })).session;
  }

  async function logMessages(sessionId: string): Promise<string[]> {
    const { events } = await api().listEvents({ query: { session: sessionId, type: 'log', limit: 10_000 } });
    return events.map((e) => (e.payload as { message: string }).message);
  }

  async function logLines(sessionId: string): Promise<string> {
    return (await api().logTail({ params: { id: sessionId }, query: { lines: 500 } })).lines.join('\n');
  }

  function refusal(field: string) {
    return (err: unknown) => SwitchboardError.is(err) && err.code === 'invalid_request' && err.field === field;
  }

  it('closes the agent session on stop, and resumes it (no replay) on resume', async function () {
    const s = await completedSession('think');
    assert.ok(s.acpSessionId);
    await api().stopSession({ params: { id: s.id } });
    await daemon.waitForState(s.id, ['stopped']);
    const stopped = await logLines(s.id);
    assert.match(stopped, new RegExp(`demo-agent: closed session ${s.acpSessionId}`));
    assert.match(stopped, /closed the agent session \(session\/close\)/);

    await api().resumeSession({ params: { id: s.id } });
    await daemon.waitForState(s.id, ['completed']);
    await api().followup({ params: { id: s.id }, body: { text: 'think' } });
    await daemon.waitForState(s.id, ['completed']);
    const after = (await api().getSession({ params: { id: s.id } })).session;
    assert.equal(after.acpSessionId, s.acpSessionId, 'the same agent session');
    assert.ok((await logMessages(s.id)).includes('the agent restored its session through session/resume (no history replayed)'));
    assert.match(await logLines(s.id), new RegExp(`resumed session ${s.acpSessionId} \\(1 earlier turns, none replayed\\)`));
    const { events } = await api().listEvents({ query: { session: s.id, type: 'context.reset' } });
    assert.deepEqual(events, [], 'nothing was lost');
    const users = await api().listEvents({ query: { session: s.id, type: 'user.message_chunk' } });
    assert.deepEqual(users.events, [], 'no history replayed into the log');
  });

  it("lists the agent's sessions of the project across its pages, and continues one with fromAgentSession", async function () {
    const made = [await completedSession('think'), await completedSession('think'), await completedSession('think')];
    const { sessions } = await api().listAgentSessions({ params: { project: 'life' }, query: { agent: 'demo-life' } });
    for (const s of made) {
      const listed = sessions.find((l) => l.sessionId === s.acpSessionId);
      assert.ok(listed, `session ${s.acpSessionId} is listed`);
      assert.equal(listed.cwd, s.worktreePath);
      assert.equal(listed.title, 'think');
    }
    assert.ok(sessions.length >= 3, 'more than one page (the demo answers two a page)');
    const printed = await new CliRunner(daemon.home).ok('agent-sessions', 'life', '--agent', 'demo-life');
    for (const s of made) assert.match(printed, new RegExp(`${s.acpSessionId!}\\s.*think`));

    const target = made[0]!.acpSessionId!;
    const continued = await completedSession('think', { fromAgentSession: target });
    assert.equal(continued.acpSessionId, target);
    assert.ok((await logMessages(continued.id)).includes('the agent restored its session through session/resume (no history replayed)'));
    assert.match(await logLines(continued.id), new RegExp(`resumed session ${target} \\(1 earlier turns`));
    // It ran in the first session's worktree; this one has its own: said out loud.
    assert.ok((await logMessages(continued.id)).some((m) => m.startsWith(`the agent ran that session in ${made[0]!.worktreePath!};`)));
  });

  it('refuses what cannot be listed or continued, naming the field', async function () {
    await assert.rejects(api().listAgentSessions({ params: { project: 'life' }, query: { agent: 'demo' } }), refusal('agent'));
    await assert.rejects(
      api().createSession({ body: { project: 'life', agent: 'demo-life', action: 'implement', prompt: 'think', fromAgentSession: '00000000-0000-0000-0000-000000000000' } }),
      refusal('fromAgentSession'),
    );
    await assert.rejects(
      api().createSession({ body: { project: 'life', agent: 'demo-life', action: 'implement', prompt: 'think', fromAgentSession: '' } }),
      refusal('fromAgentSession'),
    );
  });
});
