// A session's settings and slash commands through the real daemon and the demo agent (which
// offers model, mode and effort as configOptions and reports what it runs with on `settings`):
// applied at create over the template's defaults, changed while idle, during a turn and with no
// agent, re-applied on resume, refused whole, and the agent's commands stored and reachable.
import assert from 'node:assert/strict';
import type { SwitchboardEvent } from '../../daemon/protocol/events.js';
import { DaemonProcess, makeRepo, until } from '../support/daemonHarness.js';

type ConfigChanged = Extract<SwitchboardEvent, { type: 'session.config_changed' }>['payload'];

describe('session settings and slash commands (demo agent)', function () {
  this.timeout(60_000);
  let daemon: DaemonProcess;
  const api = () => daemon.client.api;

  before(async function () {
    daemon = await DaemonProcess.start();
    await api().addProject({ body: { path: makeRepo(), slug: 'knobs' } });
  });
  after(async () => daemon?.stop());

  /** The agent's text of turn `index`. */
  async function replyOf(sessionId: string, index: number): Promise<string> {
    const { events } = await api().listEvents({ query: { session: sessionId, type: 'turn.started,agent.message_chunk', limit: 10_000 } });
    let turn = -1;
    let text = '';
    for (const e of events) {
      if (e.type === 'turn.started') turn = (e.payload as { index: number }).index;
      else if (turn === index) text += (e.payload as { text: string }).text;
    }
    return text;
  }

  async function turnDone(sessionId: string, turns: number): Promise<void> {
    await until(`${turns} turn(s) done`, async () => {
      const d = await api().getSession({ params: { id: sessionId } });
      if (d.session.state === 'failed') throw new Error(`failed: ${d.session.stateDetail ?? ''}`);
      return d.turns.length === turns && d.turns.every((t) => t.state === 'done') && d.session.state === 'completed';
    });
  }

  async function followup(sessionId: string, text: string, turns: number): Promise<string> {
    await api().followup({ params: { id: sessionId }, body: { text } });
    await turnDone(sessionId, turns);
    return replyOf(sessionId, turns - 1);
  }

  it('applies the create request over the template defaults, leniently, and announces the whole set', async function () {
    const { session } = await api().createSession({ body: { project: 'knobs', agent: 'demo', action: 'implement', prompt: 'settings', model: 'Smart', mode: 'plan', options: { effort: 'HIGH' } } });
    assert.deepEqual(session.requestedSettings, { model: 'Smart', mode: 'plan', options: { effort: 'HIGH' } });
    await turnDone(session.id, 1);
    assert.match(await replyOf(session.id, 0), /Settings: model=demo-smart mode=plan effort=high/);
    const config = await api().getSessionConfig({ params: { id: session.id } });
    assert.deepEqual(config.options.map((o) => [o.id, o.currentValue]), [['model', 'demo-smart'], ['mode', 'plan'], ['effort', 'high']]);
    assert.equal(config.pending, null);
    const { events } = await api().listEvents({ query: { session: session.id, type: 'session.config_changed' } });
    const first = events[0]!.payload as ConfigChanged;
    assert.deepEqual([first.by, first.changed, first.options.length], ['agent', ['model', 'mode', 'effort'], 3]);
    const applied = events.map((e) => e.payload as ConfigChanged).find((p) => p.by === 'user');
    assert.deepEqual(applied?.changed, ['model', 'mode', 'effort']);
    assert.equal(applied?.options.length, 3, 'the whole set, not only what changed');
  });

  it('takes a template\'s defaults', async function () {
    const { agents } = await api().listAgents();
    const demo = agents.find((a) => a.name === 'demo')!;
    const body = { name: 'demo-tuned', command: demo.spawn.command, args: demo.spawn.args, defaults: { model: 'demo-smart', options: { effort: 'high' } } };
    const { agent } = await api().addAgent({ body });
    assert.deepEqual(agent.defaults, { model: 'demo-smart', options: { effort: 'high' } });
    const { session } = await api().createSession({ body: { project: 'knobs', agent: 'demo-tuned', action: 'implement', prompt: 'settings', mode: 'auto' } });
    assert.equal(session.model, 'demo-smart');
    await turnDone(session.id, 1);
    assert.match(await replyOf(session.id, 0), /model=demo-smart mode=auto effort=high/);
  });

  it('takes defaults on a built-in as an override (`agents add demo --model …`), and drops them on reset', async function () {
    const { agent } = await api().overrideAgent({ params: { name: 'demo' }, body: { defaults: { model: 'smart', mode: 'auto' } } });
    assert.deepEqual([agent.builtIn, agent.defaults], [true, { model: 'smart', mode: 'auto' }]);
    const { session } = await api().createSession({ body: { project: 'knobs', agent: 'demo', action: 'implement', prompt: 'settings' } });
    await turnDone(session.id, 1);
    assert.match(await replyOf(session.id, 0), /model=demo-smart mode=auto/);
    const reset = await api().resetAgent({ params: { name: 'demo' } });
    assert.equal(reset.agent.defaults, undefined);
  });

  it('changes settings while idle (now), during a turn (before the next prompt) and with no agent (next start; resume re-applies)', async function () {
    const { session } = await api().createSession({ body: { project: 'knobs', agent: 'demo', action: 'implement', prompt: 'settings' } });
    await turnDone(session.id, 1);
    assert.match(await replyOf(session.id, 0), /model=demo-fast mode=ask effort=low/);

    const idle = await api().updateSessionConfig({ params: { id: session.id }, body: { mode: 'auto' } });
    assert.equal(idle.applied, 'now');
    assert.equal(idle.options.find((o) => o.id === 'mode')?.currentValue, 'auto');
    assert.deepEqual(idle.session.requestedSettings, { mode: 'auto' });

    await api().followup({ params: { id: session.id }, body: { text: 'slow 30 100' } });
    await daemon.waitForState(session.id, ['running']);
    await until('the turn to run', async () => (await api().getSession({ params: { id: session.id } })).turns.some((t) => t.state === 'running'));
    const busy = await api().updateSessionConfig({ params: { id: session.id }, body: { model: 'demo-smart' } });
    assert.equal(busy.applied, 'next_prompt');
    assert.deepEqual(busy.pending, { model: 'demo-smart' });
    await turnDone(session.id, 2);
    assert.match(await followup(session.id, 'settings', 3), /model=demo-smart mode=auto effort=low/);

    await api().stopSession({ params: { id: session.id } });
    await daemon.waitForState(session.id, ['stopped']);
    const offline = await api().updateSessionConfig({ params: { id: session.id }, body: { options: { effort: 'high' } } });
    assert.equal(offline.applied, 'next_start');
    assert.deepEqual(offline.requested, { model: 'demo-smart', mode: 'auto', options: { effort: 'high' } });
    // The demo agent starts every loaded session on its defaults: what it reports was re-applied.
    await api().resumeSession({ params: { id: session.id } });
    assert.match(await followup(session.id, 'settings', 4), /model=demo-smart mode=auto effort=high/);
  });

  it('answers an unknown option or value with a 400 naming it, and a refused change with a 409 that changes nothing', async function () {
    const { session } = await api().createSession({ body: { project: 'knobs', agent: 'demo', action: 'implement', prompt: 'settings' } });
    await turnDone(session.id, 1);
    const refusal = (body: object) => api().updateSessionConfig({ params: { id: session.id }, body: body as never }).then(() => null, (e: unknown) => e as { status: number; code: string; field?: string; message: string });

    const unknownOption = await refusal({ options: { temperature: 'hot' } });
    assert.equal(unknownOption?.status, 400);
    assert.equal(unknownOption?.field, 'options.temperature');
    assert.match(unknownOption?.message ?? '', /offers: model, mode, effort/);
    const unknownValue = await refusal({ model: 'gpt-5' });
    assert.deepEqual([unknownValue?.status, unknownValue?.field], [400, 'model']);
    assert.match(unknownValue?.message ?? '', /demo-fast, demo-smart/);
    assert.deepEqual((await refusal({ mode: '' }))?.status, 400);

    // The mode is set first, then the effort is refused: the mode goes back.
    const refused = await refusal({ mode: 'auto', options: { effort: 'high' } });
    assert.deepEqual([refused?.status, refused?.code], [409, 'agent_refused']);
    assert.match(refused?.message ?? '', /options\.effort: the agent refused "high"[\s\S]*demo-fast has no high effort/);
    const config = await api().getSessionConfig({ params: { id: session.id } });
    assert.deepEqual(config.options.map((o) => o.currentValue), ['demo-fast', 'ask', 'low']);
    assert.equal(config.requested, null);
    const { events } = await api().listEvents({ query: { session: session.id, type: 'session.config_refused' } });
    assert.deepEqual(events.map((e) => (e.payload as { option: string }).option), ['effort']);
    assert.match(await followup(session.id, 'settings', 2), /model=demo-fast mode=ask effort=low/);
  });

  it('fails a session whose requested value matches nothing offered, naming it and what is offered', async function () {
    const { session } = await api().createSession({ body: { project: 'knobs', agent: 'demo', action: 'implement', prompt: 'settings', model: 'demo' } });
    await daemon.waitForState(session.id, ['failed']);
    const failed = (await api().getSession({ params: { id: session.id } })).session;
    assert.equal(failed.stateReason, 'settings_refused');
    assert.match(failed.stateDetail ?? '', /model: "demo" is not one of the agent's Model values \(demo-fast, demo-smart\)/);
    // Fixed and resumed, the queued turn runs with the new model.
    assert.equal((await api().updateSessionConfig({ params: { id: session.id }, body: { model: 'demo-smart' } })).applied, 'next_start');
    await api().resumeSession({ params: { id: session.id } });
    await turnDone(session.id, 1);
    assert.match(await replyOf(session.id, 0), /model=demo-smart/);
  });

  it('stores the agent\'s slash commands, lists them, and sends /review to the agent', async function () {
    const { session } = await api().createSession({ body: { project: 'knobs', agent: 'demo', action: 'implement', prompt: '/review the parser' } });
    await turnDone(session.id, 1);
    assert.match(await replyOf(session.id, 0), /Ran \/review on: the parser/);
    const { commands } = await api().listCommands({ params: { id: session.id } });
    assert.deepEqual(commands.map((c) => [c.name, c.inputHint]), [['review', 'what to review'], ['summarize', null], ['explain', 'file or symbol']]);
    const stored = (await api().getSession({ params: { id: session.id } })).session.commands;
    assert.deepEqual(stored, commands);
    const { events } = await api().listEvents({ query: { session: session.id, type: 'session.commands_changed' } });
    assert.equal(events.length, 1);
  });
});
