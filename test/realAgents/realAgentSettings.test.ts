// The settings a person picks reach the real agents' model requests: with claude-agent-acp the
// model chosen at create and mid-session is the `model` of the next request the Anthropic stand-in
// receives, plan mode mid-session shows in the next request, and `/review` sent as a follow-up
// reaches the model as the review command's prompt; with codex-acp its `model` and
// `reasoning_effort` options become the Responses request's `model` and `reasoning.effort`, and
// its read-only / auto / full-access modes switch.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { SANDBOX_ENV } from '../../daemon/protocol/discovery.js';
import type { Session } from '../../daemon/protocol/entities.js';
import { CliRunner } from '../support/cliRunner.js';
import { DaemonProcess, makeRepo, until } from '../support/daemonHarness.js';
import type { ModelStandin, RecordedRequest } from '../support/modelStandins/scenario.js';
import { addStandinTemplate, requireRealAgent, type RealAgentKind } from '../support/realAgents.js';
import { AGENT_SCRIPTS } from './agentScripts.js';

const PROJECT = 'settings';

interface Rig {
  standin: ModelStandin;
  daemon: DaemonProcess;
  repo: string;
  template: string;
}

/** `unsandboxed`: the daemon runs agents with no sandbox of ours, so no sandboxedArgs override the agent's own presets. */
async function startRig(kind: RealAgentKind, unsandboxed = false): Promise<Rig> {
  const script = AGENT_SCRIPTS.find((s) => s.kind === kind)!;
  const standin = await script.startStandin();
  const daemon = await DaemonProcess.start(unsandboxed ? { env: { ...process.env, [SANDBOX_ENV]: 'none' } } : {});
  const repo = makeRepo();
  await daemon.client.api.addProject({ body: { path: repo, slug: PROJECT } });
  const template = await addStandinTemplate(daemon, kind, standin);
  return { standin, daemon, repo, template };
}

async function stopRig(rig: Rig | undefined): Promise<void> {
  if (!rig) return;
  await rig.daemon.stop();
  await rig.standin.close();
  fs.rmSync(rig.daemon.home, { recursive: true, force: true });
  fs.rmSync(rig.repo, { recursive: true, force: true });
}

/** Waits until the session has `turns` turns, all done, and is completed. */
async function completed(rig: Rig, id: string, turns: number): Promise<Session> {
  let session!: Session;
  await until(`the session to complete ${turns} turn(s)`, async () => {
    const d = await rig.daemon.client.api.getSession({ params: { id } });
    const s = d.session;
    if (s.state === 'failed' || s.state === 'stopped' || s.state === 'waiting_for_user') {
      const tail = await rig.daemon.client.api.logTail({ params: { id }, query: { lines: 60 } });
      throw new Error(`the session is ${s.state} (${s.stateReason ?? ''}): ${s.stateDetail ?? ''}\n${tail.lines.join('\n')}`);
    }
    session = s;
    return s.state === 'completed' && d.turns.length === turns && d.turns.every((t) => t.state === 'done');
  }, 100_000);
  return session;
}

function mainRequests(standin: ModelStandin, from = 0): RecordedRequest[] {
  return standin.requests.slice(from).filter((r) => r.role === 'main');
}

function bodyOf(r: RecordedRequest | undefined): Record<string, unknown> {
  assert.ok(r && typeof r.body === 'object' && r.body !== null, 'a main request with a JSON body');
  return r.body as Record<string, unknown>;
}

describe('Claude Code (claude-agent-acp): settings and slash commands reach the model', function () {
  this.timeout(180_000);
  let rig: Rig | undefined;

  before(async function () {
    requireRealAgent(this, 'claude');
    rig = await startRig('claude');
  });
  after(() => stopRig(rig));

  it('the model of `send --model opus`, then of a mid-session change, is the model of the next request; plan mode shows in the next one; /review reaches the model', async function () {
    const { daemon, standin, template } = rig!;
    const api = daemon.client.api;
    const cli = new CliRunner(daemon.home);
    const created = await cli.json<{ session: Session }>('send', template, 'implement', PROJECT, '--prompt', 'Say hello', '--model', 'opus');
    const id = created.session.id;
    assert.deepEqual(created.session.requestedSettings, { model: 'opus' });
    assert.equal(created.session.model, 'opus', 'old clients still read the requested model');
    let session = await completed(rig!, id, 1);
    // `opus` matched the offered `opus[1m]`, which Claude Code sends as its Opus model id.
    assert.match(String(bodyOf(mainRequests(standin).at(-1)).model), /opus/);
    assert.equal(session.configOptions?.find((o) => o.category === 'model')?.currentValue, 'opus[1m]');
    assert.ok((session.commands ?? []).some((c) => c.name === 'review'), 'its slash commands are stored on the session');
    const listed = await cli.ok('commands', id);
    assert.match(listed, /^\/review\s/m, listed);

    // Mid-session, while idle: applied now, seen in the next request.
    let from = standin.requests.length;
    const model = await api.updateSessionConfig({ params: { id }, body: { model: 'haiku' } });
    assert.equal(model.applied, 'now');
    await api.followup({ params: { id }, body: { text: 'Say hello again' } });
    session = await completed(rig!, id, 2);
    assert.match(String(bodyOf(mainRequests(standin, from).at(-1)).model), /haiku/);

    // Plan mode: Claude Code tells its model in a system reminder of the next request.
    from = standin.requests.length;
    const mode = await cli.ok('config', id, '--mode', 'plan');
    assert.match(mode, /^mode=plan: applied now$/m);
    assert.match(mode, /^mode\s+mode\s+default acceptEdits \*plan dontAsk$/m, mode);
    await api.followup({ params: { id }, body: { text: 'Now plan the next step' } });
    session = await completed(rig!, id, 3);
    assert.match(lastUserText(mainRequests(standin, from).at(-1)), /Plan mode is active/);
    assert.deepEqual(session.requestedSettings, { model: 'haiku', mode: 'plan' });

    // `/review` as a follow-up: the model receives the review command's prompt, with the argument.
    from = standin.requests.length;
    await api.followup({ params: { id }, body: { text: '/review the parser' } });
    await completed(rig!, id, 4);
    const review = lastUserText(mainRequests(standin, from).at(-1));
    assert.match(review, /<command-name>\/review<\/command-name>/);
    assert.match(review, /expert code reviewer[\s\S]*the parser/);

    const changes = (await api.listEvents({ query: { session: id, type: 'session.config_changed', limit: 1000 } })).events;
    assert.ok(changes.length >= 3, `${changes.length} config_changed events`);
    assert.ok(standin.scriptErrors.length === 0, standin.scriptErrors.join('\n'));
  });
});

/** The text blocks of a request's last user message, joined. */
function lastUserText(r: RecordedRequest | undefined): string {
  const messages = bodyOf(r).messages as Array<{ role: string; content: unknown }>;
  const last = messages.filter((m) => m.role === 'user').at(-1);
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  return (last.content as Array<{ type: string; text?: string }>).map((b) => b.text ?? '').join('\n');
}

describe('Codex (codex-acp): model, reasoning effort and modes reach the model', function () {
  this.timeout(180_000);
  let rig: Rig | undefined;

  before(async function () {
    requireRealAgent(this, 'codex');
    rig = await startRig('codex', true);
  });
  after(() => stopRig(rig));

  it('its model and reasoning_effort options are the request\'s model and reasoning.effort; its modes switch the permissions it tells the model', async function () {
    const { daemon, standin, template } = rig!;
    const api = daemon.client.api;
    const body = { project: PROJECT, agent: template, action: 'implement' as const, prompt: 'Say hello', model: 'gpt-5.4-mini', options: { reasoning_effort: 'high' } };
    const id = (await api.createSession({ body })).session.id;
    let session = await completed(rig!, id, 1);
    let request = bodyOf(mainRequests(standin).at(-1));
    assert.equal(request.model, 'gpt-5.4-mini');
    assert.deepEqual(request.reasoning, { effort: 'high' });
    const modes = session.configOptions?.find((o) => o.category === 'mode');
    assert.deepEqual(modes?.values.map((v) => v.value), ['read-only', 'auto', 'full-access']);

    let from = standin.requests.length;
    const changed = await api.updateSessionConfig({ params: { id }, body: { model: 'gpt-5.5', options: { reasoning_effort: 'Low' } } });
    assert.equal(changed.applied, 'now');
    await api.followup({ params: { id }, body: { text: 'Again, briefly' } });
    session = await completed(rig!, id, 2);
    request = bodyOf(mainRequests(standin, from).at(-1));
    assert.equal(request.model, 'gpt-5.5');
    assert.deepEqual(request.reasoning, { effort: 'low' });

    // Full access: Codex tells its model the new sandbox in the next request.
    from = standin.requests.length;
    const mode = await api.updateSessionConfig({ params: { id }, body: { mode: 'full-access' } });
    assert.equal(mode.options.find((o) => o.id === modes?.id)?.currentValue, 'full-access');
    const events = (await api.listEvents({ query: { session: id, type: 'session.config_changed', limit: 1000 } })).events;
    const last = events.at(-1)!.payload as { options: Array<{ id: string; currentValue: unknown }>; changed: string[]; by: string };
    assert.deepEqual([last.by, last.changed], ['user', [modes!.id]]);
    assert.equal(last.options.length, session.configOptions?.length, 'the event carries the whole set');
    await api.followup({ params: { id }, body: { text: 'And once more' } });
    await completed(rig!, id, 3);
    assert.match(JSON.stringify(bodyOf(mainRequests(standin, from).at(-1)).input), /danger-full-access/);
    assert.ok(standin.scriptErrors.length === 0, standin.scriptErrors.join('\n'));
  });
});
