// Forms from the agent (ACP elicitations), through the real daemon and the demo agent's `ask-form`:
// answered through the API and the CLI (the agent's reply shows what came back), checked against
// the form (400 naming the field), persisted and announced like permissions, and cancelled by the
// system when the turn is cancelled, the session stopped, the agent withdraws the form, or the
// daemon restarts with one pending.
import assert from 'node:assert/strict';
import type { ElicitationRequest } from '../../daemon/protocol/elicitationEntities.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import { CliRunner } from '../support/cliRunner.js';
import { DaemonProcess, makeRepo, until } from '../support/daemonHarness.js';

describe('elicitations (forms from the agent)', function () {
  this.timeout(60_000);
  let daemon: DaemonProcess;
  before(async function () {
    daemon = await DaemonProcess.start();
    await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'forms' } });
  });
  after(async () => daemon?.stop());

  async function startAsking(prompt = 'ask-form'): Promise<{ sessionId: string; form: ElicitationRequest }> {
    const { session } = await daemon.client.api.createSession({ body: { project: 'forms', agent: 'demo', action: 'implement', prompt } });
    const form = await pendingForm(session.id);
    return { sessionId: session.id, form };
  }

  async function pendingForm(sessionId: string, api = daemon.client.api): Promise<ElicitationRequest> {
    return until('a pending form', async () => {
      const { elicitations } = await api.listElicitations({ params: { id: sessionId }, query: { state: 'pending' } });
      return elicitations[0] ?? null;
    });
  }

  async function reply(sessionId: string): Promise<string> {
    const { events } = await daemon.client.api.listEvents({ query: { session: sessionId, type: 'agent.message_chunk', limit: 10_000 } });
    return events.map((e) => (e.payload as { text: string }).text).join('');
  }

  async function answeredEvents(sessionId: string): Promise<Array<{ requestId: string; action: string; answeredBy: string }>> {
    const { events } = await daemon.client.api.listEvents({ query: { session: sessionId, type: 'elicitation.answered' } });
    return events.map((e) => e.payload as { requestId: string; action: string; answeredBy: string });
  }

  function refusal(field: string, code = 'invalid_request') {
    return (err: unknown) => SwitchboardError.is(err) && err.code === code && err.field === field;
  }

  it('waits for the person, takes an accepted form and hands its content to the agent', async function () {
    const { sessionId, form } = await startAsking();
    assert.equal(form.message, 'Tell the demo agent about your order');
    assert.deepEqual(Object.keys((form.requestedSchema as { properties: object }).properties), ['name', 'count', 'confirm', 'color']);
    const waiting = (await daemon.client.api.getSession({ params: { id: sessionId } })).session;
    assert.equal(waiting.state, 'waiting_for_user');
    assert.equal(waiting.stateReason, 'elicitation');

    const content = { name: 'Ada', count: 3, confirm: true, color: 'green' };
    const { elicitation } = await daemon.client.api.answerElicitation({ params: { id: sessionId, requestId: form.id }, body: { action: 'accept', content } });
    assert.equal(elicitation.state, 'answered');
    assert.deepEqual(elicitation.content, content);
    assert.equal(elicitation.answeredBy, 'user');
    await daemon.waitForState(sessionId, ['completed']);
    assert.match(await reply(sessionId), /Form answered: accept \{"name":"Ada","count":3,"confirm":true,"color":"green"\}/);
    assert.deepEqual(await answeredEvents(sessionId), [{ requestId: form.id, action: 'accept', answeredBy: 'user' }]);
    const { events } = await daemon.client.api.listEvents({ query: { session: sessionId, type: 'session.state_changed' } });
    const moves = events.map((e) => (e.payload as { to: string; reason: string | null }).to + (e.payload as { reason: string | null }).reason);
    assert.ok(moves.includes('waiting_for_userelicitation'), moves.join(', '));
  });

  it('refuses content that does not fit the form, naming the field; takes a decline; refuses a second answer', async function () {
    const { sessionId, form } = await startAsking();
    const answer = (body: { action: 'accept' | 'decline' | 'cancel'; content?: Record<string, string | number | boolean> }) =>
      daemon.client.api.answerElicitation({ params: { id: sessionId, requestId: form.id }, body });
    await assert.rejects(answer({ action: 'accept', content: { count: 2 } }), refusal('content.name'));
    await assert.rejects(answer({ action: 'accept', content: { name: 'Ada', count: 50 } }), refusal('content.count'));
    await assert.rejects(answer({ action: 'accept', content: { name: 'Ada', count: 'three' } }), refusal('content.count'));
    await assert.rejects(answer({ action: 'accept', content: { name: 'Ada', color: 'purple' } }), refusal('content.color'));
    await assert.rejects(answer({ action: 'accept', content: { name: 'Ada', confirm: 'yes' } }), refusal('content.confirm'));
    await assert.rejects(answer({ action: 'accept', content: { name: '' } }), refusal('content.name'));
    await assert.rejects(answer({ action: 'accept', content: { name: 'Ada', size: 'L' } }), refusal('content.size'));
    await assert.rejects(answer({ action: 'accept' }), refusal('content'));
    assert.equal((await pendingForm(sessionId)).id, form.id, 'still pending after refused answers');

    await answer({ action: 'decline' });
    await daemon.waitForState(sessionId, ['completed']);
    assert.match(await reply(sessionId), /Form answered: decline\n/);
    await assert.rejects(answer({ action: 'cancel' }), refusal('requestId', 'conflict'));
  });

  it('cancels the form when the turn is cancelled', async function () {
    const { sessionId, form } = await startAsking();
    await daemon.client.api.cancelTurn({ params: { id: sessionId } });
    await daemon.waitForState(sessionId, ['completed']);
    const { elicitations } = await daemon.client.api.listElicitations({ params: { id: sessionId } });
    assert.equal(elicitations[0]?.state, 'cancelled');
    assert.equal(elicitations[0]?.answeredBy, 'system');
    assert.deepEqual(await answeredEvents(sessionId), [{ requestId: form.id, action: 'cancel', answeredBy: 'system' }]);
    const { turns } = await daemon.client.api.getSession({ params: { id: sessionId } });
    assert.equal(turns.at(-1)?.stopReason, 'cancelled');
  });

  it('cancels the form when the session is stopped', async function () {
    const { sessionId, form } = await startAsking();
    await daemon.client.api.stopSession({ params: { id: sessionId } });
    await daemon.waitForState(sessionId, ['stopped']);
    assert.deepEqual(await answeredEvents(sessionId), [{ requestId: form.id, action: 'cancel', answeredBy: 'system' }]);
    const { events } = await daemon.client.api.listEvents({ query: { session: sessionId, type: 'session.state_changed' } });
    const last = events.at(-1)!.payload as { from: string; to: string };
    assert.deepEqual([last.from, last.to], ['waiting_for_user', 'stopped'], 'straight from waiting to stopped');
  });

  it('cancels the card when the agent withdraws its form ($/cancel_request)', async function () {
    const { sessionId, form } = await startAsking('abandon-form 300');
    await daemon.waitForState(sessionId, ['completed']);
    assert.deepEqual(await answeredEvents(sessionId), [{ requestId: form.id, action: 'cancel', answeredBy: 'system' }]);
    assert.match(await reply(sessionId), /I withdrew the form\./);
  });

  it('declines a URL-mode request (not supported), saying so in the log', async function () {
    const { session } = await daemon.client.api.createSession({ body: { project: 'forms', agent: 'demo', action: 'implement', prompt: 'ask-url' } });
    await daemon.waitForState(session.id, ['completed']);
    assert.match(await reply(session.id), /URL form answered: decline\n/);
    const { events } = await daemon.client.api.listEvents({ query: { session: session.id, type: 'log' } });
    assert.ok(events.some((e) => /elicitation mode "url", which Switchboard does not support; declined/.test((e.payload as { message: string }).message)));
    assert.deepEqual((await daemon.client.api.listElicitations({ params: { id: session.id } })).elicitations, [], 'nothing stored');
  });

  it('is answered through the CLI: `forms` shows the fields, `form --accept --field …` sends typed values', async function () {
    const cli = new CliRunner(daemon.home);
    const { sessionId, form } = await startAsking();
    const listed = await cli.ok('forms', sessionId);
    assert.match(listed, new RegExp(form.id));
    assert.match(listed, /name \(string, 1\.\.40, required\): Name/);
    assert.match(listed, /count \(number, 1\.\.10\): How many/);
    assert.match(listed, /confirm \(boolean\): Confirm the order/);
    assert.match(listed, /color \(red\|green\|blue\): Colour/);

    const bad = await cli.run('form', sessionId, form.id, '--accept', '--field', 'name=Ada', '--field', 'count=many');
    assert.equal(bad.code, 1, bad.err);
    assert.match(bad.err, /count/);
    const both = await cli.run('form', sessionId, form.id, '--accept', '--decline');
    assert.equal(both.code, 2, both.err);

    const out = await cli.ok('form', sessionId, form.id, '--accept', '--field', 'name=Grace', '--field', 'count=2', '--field', 'confirm=false', '--field', 'color=blue');
    assert.match(out, /accepted form/);
    await daemon.waitForState(sessionId, ['completed']);
    assert.match(await reply(sessionId), /Form answered: accept \{"name":"Grace","count":2,"confirm":false,"color":"blue"\}/);
    assert.match(await cli.ok('forms', sessionId, '--all'), /answered: accept by user/);
  });
});

describe('elicitations across a daemon restart', function () {
  this.timeout(60_000);
  it('cancels a form left pending when the daemon died', async function () {
    const first = await DaemonProcess.start();
    await first.client.api.addProject({ body: { path: makeRepo(), slug: 'forms' } });
    const { session } = await first.client.api.createSession({ body: { project: 'forms', agent: 'demo', action: 'implement', prompt: 'ask-form' } });
    const form = await until('a pending form', async () => (await first.client.api.listElicitations({ params: { id: session.id }, query: { state: 'pending' } })).elicitations[0] ?? null);
    await first.kill9();
    const second = await DaemonProcess.start({ home: first.home });
    try {
      const { elicitations } = await second.client.api.listElicitations({ params: { id: session.id } });
      assert.equal(elicitations[0]?.id, form.id);
      assert.equal(elicitations[0]?.state, 'cancelled');
      assert.equal(elicitations[0]?.answeredBy, 'system');
      assert.equal((await second.client.api.getSession({ params: { id: session.id } })).session.state, 'failed');
    } finally {
      await second.stop();
    }
  });
});
