// The ACP session lifecycle with the real claude-agent-acp against the Anthropic stand-in: it
// declares sessionCapabilities resume, close and list, so a stop closes its session, a resume takes
// it back through session/resume (nothing replayed, yet the next model request carries the earlier
// conversation), `agent-sessions` lists it, and a new Switchboard session in the same directory
// continues it (`fromAgentSession`) with the earlier conversation in the model's next request.
// Claude Code keeps its sessions per directory: a session in a worktree of its own cannot open one
// that ran in the checkout, and says so (a warning, then context.reset).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { DaemonProcess, makeRepo, until } from '../support/daemonHarness.js';
import type { ModelStandin } from '../support/modelStandins/scenario.js';
import { addStandinTemplate, requireRealAgent } from '../support/realAgents.js';
import { AGENT_SCRIPTS } from './agentScripts.js';

const FIRST_PROMPT = 'Say the word pineapple and nothing else';
const SECOND_PROMPT = 'What word did you say before?';
const THIRD_PROMPT = 'And once more: which fruit was it?';

describe('Claude Code (claude-agent-acp): resume, close and list of its own sessions', function () {
  this.timeout(360_000);
  const script = AGENT_SCRIPTS.find((s) => s.kind === 'claude')!;
  let standin: ModelStandin | undefined;
  let daemon: DaemonProcess | undefined;
  let repo: string;
  let template: string;

  const api = () => daemon!.client.api;

  async function completed(sessionId: string, turns: number): Promise<void> {
    await until(`session ${sessionId} to complete ${turns} turn(s)`, async () => {
      const d = await api().getSession({ params: { id: sessionId } });
      if (d.session.state === 'failed' || d.session.state === 'stopped') throw new Error(`the session is ${d.session.state}: ${d.session.stateDetail ?? ''}`);
      return d.session.state === 'completed' && d.turns.length === turns && d.turns.every((t) => t.state === 'done');
    }, 120_000);
  }

  async function logs(sessionId: string): Promise<string[]> {
    const { events } = await api().listEvents({ query: { session: sessionId, type: 'log', limit: 10_000 } });
    return events.map((e) => String((e.payload as { message: string }).message));
  }

  function lastMainRequestFrom(from: number): string {
    const main = standin!.requests.slice(from).filter((r) => r.role === 'main');
    assert.ok(main.length > 0, 'the agent asked the model');
    return JSON.stringify(main.at(-1)!.body);
  }

  before(async function () {
    requireRealAgent(this, 'claude');
    standin = await script.startStandin();
    daemon = await DaemonProcess.start();
    repo = makeRepo();
    await api().addProject({ body: { path: repo, slug: 'life' } });
    template = await addStandinTemplate(daemon, 'claude', standin);
  });

  after(async () => {
    await daemon?.stop();
    await standin?.close();
    if (daemon) fs.rmSync(daemon.home, { recursive: true, force: true });
    if (repo) fs.rmSync(repo, { recursive: true, force: true });
  });

  it('closes on stop, resumes through session/resume with no replay, lists the session, continues it in its directory and says why not elsewhere', async () => {
    standin!.enqueue({ text: 'pineapple' });
    // Read-only sessions run in the project's checkout: the directory the continuation below shares.
    const { session } = await api().createSession({ body: { project: 'life', agent: template, action: 'analyze', prompt: FIRST_PROMPT } });
    await completed(session.id, 1);
    const acpId = (await api().getSession({ params: { id: session.id } })).session.acpSessionId!;
    const caps = (await api().getSession({ params: { id: session.id } })).session.agentCapabilities as { sessionCapabilities?: Record<string, unknown> };
    assert.deepEqual(Object.keys(caps.sessionCapabilities ?? {}).filter((k) => ['resume', 'close', 'list'].includes(k)).sort(), ['close', 'list', 'resume']);

    await api().stopSession({ params: { id: session.id } });
    await until('the session to stop', async () => (await api().getSession({ params: { id: session.id } })).session.state === 'stopped');
    const tail = (await api().logTail({ params: { id: session.id }, query: { lines: 200 } })).lines.join('\n');
    assert.match(tail, /closed the agent session \(session\/close\)/);

    await api().resumeSession({ params: { id: session.id } });
    // Under a loaded CI machine the agent's start alone can take tens of seconds; a failed resume
    // ends the wait at once and the message says what the daemon saw.
    let seen = '';
    await until(() => `the agent to resume its session; last seen:\n${seen}`, async () => {
      const d = await api().getSession({ params: { id: session.id } });
      seen = `${d.session.state} ${d.session.stateDetail ?? ''}\n${(await api().logTail({ params: { id: session.id }, query: { lines: 40 } })).lines.join('\n')}`;
      if (d.session.state === 'failed' || /session\/resume failed/.test(seen)) throw new Error(`the resume went wrong:\n${seen}`);
      return (await logs(session.id)).some((m) => /through session\/resume/.test(m));
    }, 150_000, 250);
    let from = standin!.requests.length;
    standin!.enqueue({ text: 'I said pineapple.' });
    await api().followup({ params: { id: session.id }, body: { text: SECOND_PROMPT } });
    await completed(session.id, 2);
    let sent = lastMainRequestFrom(from);
    assert.ok(sent.includes(FIRST_PROMPT) && sent.includes(SECOND_PROMPT), 'the resumed session carried the earlier conversation');
    const { events: replayed } = await api().listEvents({ query: { session: session.id, type: 'user.message_chunk' } });
    assert.deepEqual(replayed, [], 'nothing replayed');
    assert.deepEqual((await api().listEvents({ query: { session: session.id, type: 'context.reset' } })).events, []);

    const { sessions } = await api().listAgentSessions({ params: { project: 'life' }, query: { agent: template } });
    const listed = sessions.find((s) => s.sessionId === acpId);
    assert.ok(listed, `agent-sessions lists ${acpId} (listed: ${sessions.map((s) => s.sessionId).join(', ')})`);

    await api().stopSession({ params: { id: session.id } });
    from = standin!.requests.length;
    standin!.enqueue({ text: 'It was a pineapple.' });
    const { session: next } = await api().createSession({
      body: { project: 'life', agent: template, action: 'analyze', prompt: THIRD_PROMPT, fromAgentSession: acpId },
    });
    await completed(next.id, 1);
    sent = lastMainRequestFrom(from);
    const nextLogs = (await logs(next.id)).join('\n');
    const nextTail = (await api().logTail({ params: { id: next.id }, query: { lines: 200 } })).lines.join('\n');
    assert.ok(sent.includes(FIRST_PROMPT) && sent.includes(SECOND_PROMPT) && sent.includes(THIRD_PROMPT), `the continued conversation reached the model\n${nextLogs}\n${nextTail}\n${sent.slice(0, 3000)}`);
    assert.ok((await logs(next.id)).some((m) => /through session\/resume/.test(m)));
    await api().stopSession({ params: { id: next.id } });

    standin!.enqueue({ text: 'I do not know which fruit.' });
    const { session: elsewhere } = await api().createSession({
      body: { project: 'life', agent: template, action: 'implement', prompt: THIRD_PROMPT, fromAgentSession: acpId },
    });
    await completed(elsewhere.id, 1);
    assert.ok((await logs(elsewhere.id)).some((m) => /the agent ran that session in .*; this session runs in .*per directory/.test(m)), 'warned');
    assert.equal((await api().listEvents({ query: { session: elsewhere.id, type: 'context.reset' } })).events.length, 1, 'started afresh, said out loud');
    assert.deepEqual(standin!.scriptErrors, []);
  });
});
