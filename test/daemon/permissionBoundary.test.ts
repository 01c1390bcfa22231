// The worktree is a boundary no permission policy crosses: through the real daemon and the demo
// agent's `ask-edit`, an allow-all session's edit outside its worktree (named outright, relative,
// or through a planted symlink) is refused with the rule in the event, an edit inside is allowed,
// and a read-only session refuses every edit and selects the agent's read-only mode.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { SwitchboardEvent } from '../../daemon/protocol/events.js';
import { DaemonProcess, makeRepo, tempDir, until } from '../support/daemonHarness.js';

type Answered = Extract<SwitchboardEvent, { type: 'permission.answered' }>['payload'];

describe('permission boundary', function () {
  let daemon: DaemonProcess;
  before(async function () {
    daemon = await DaemonProcess.start();
    await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'fence' } });
  });
  after(async () => daemon?.stop());

  async function answers(sessionId: string, count = 1): Promise<Answered[]> {
    return until(`${count} permission answers`, async () => {
      const { events } = await daemon.client.api.listEvents({ query: { session: sessionId, type: 'permission.answered' } });
      return events.length >= count ? events.map((e) => e.payload as Answered) : null;
    });
  }

  async function reply(sessionId: string): Promise<string> {
    const { events } = await daemon.client.api.listEvents({ query: { session: sessionId, type: 'agent.message_chunk', limit: 10_000 } });
    return events.map((e) => (e.payload as { text: string }).text).join('');
  }

  it('refuses an allow-all edit outside the worktree, naming the rule', async function () {
    const outside = path.join(fs.realpathSync(tempDir('elsewhere')), 'stolen.txt');
    const { session } = await daemon.client.api.createSession({
      body: { project: 'fence', agent: 'demo', action: 'implement', prompt: `ask-edit notes.txt ${outside}`, permissionPolicy: 'allow-all' },
    });
    await daemon.waitForState(session.id, ['completed']);
    const [answer] = await answers(session.id);
    assert.deepEqual(answer, {
      requestId: answer!.requestId,
      outcome: 'selected',
      optionId: 'reject_once',
      optionKind: 'reject_once',
      answeredBy: 'policy',
      rule: `outside-worktree: ${outside}`,
    });
    assert.match(await reply(session.id), /: reject_once\./);
    const { permissions } = await daemon.client.api.listPermissions({ params: { id: session.id } });
    assert.equal(permissions[0]?.chosenOptionId, 'reject_once');
    assert.equal(permissions[0]?.answeredBy, 'policy');
  });

  it('allows an allow-all edit inside, then refuses one through a symlink planted there', async function () {
    const { session } = await daemon.client.api.createSession({
      body: { project: 'fence', agent: 'demo', action: 'implement', prompt: 'ask-edit src/inside.ts', permissionPolicy: 'allow-all' },
    });
    await daemon.waitForState(session.id, ['completed']);
    const [inside] = await answers(session.id);
    assert.equal(inside?.optionId, 'allow_once');
    assert.equal(inside?.rule, 'allow-all');

    const secrets = fs.realpathSync(tempDir('secrets'));
    fs.symlinkSync(secrets, path.join(session.worktreePath!, 'innocent'));
    await daemon.client.api.followup({ params: { id: session.id }, body: { text: 'ask-edit innocent/key.pem' } });
    const [, through] = await answers(session.id, 2);
    assert.equal(through?.optionId, 'reject_once');
    assert.equal(through?.rule, `outside-worktree: ${path.join(session.worktreePath!, 'innocent', 'key.pem')} (resolves to ${path.join(secrets, 'key.pem')})`);
  });

  it('refuses every edit in a read-only session and puts the agent in its read-only mode', async function () {
    const { session } = await daemon.client.api.createSession({
      body: { project: 'fence', agent: 'demo', action: 'analyze', prompt: 'ask-edit README.md', permissionPolicy: 'allow-all' },
    });
    assert.equal(session.readOnly, true);
    await daemon.waitForState(session.id, ['completed']);
    const [answer] = await answers(session.id);
    assert.equal(answer?.optionId, 'reject_once');
    assert.equal(answer?.answeredBy, 'policy');
    assert.equal(answer?.rule, 'read-only-session');

    const { events } = await daemon.client.api.listEvents({ query: { session: session.id, limit: 10_000 } });
    const logs = events.filter((e) => e.type === 'log').map((e) => (e.payload as { message: string }).message);
    assert.ok(logs.includes('read-only session: selected the agent\'s "plan" mode (Plan (read-only))'), logs.join('\n'));
    // The agent's current_mode_update reaches the log as a settings change of the mode alone.
    const modeUpdates = events.filter((e) => e.type === 'session.config_changed' && (e.payload as { by: string; changed: string[] }).by === 'agent' && (e.payload as { changed: string[] }).changed.join() === 'mode');
    assert.equal(modeUpdates.length, 1, 'the agent confirmed the switch');
    assert.ok(modeUpdates[0]!.seq < events.find((e) => e.type === 'turn.started')!.seq, 'before the first prompt');

    // A restarted agent restores the session through session/load, in its default mode again.
    await daemon.client.api.stopSession({ params: { id: session.id } });
    await daemon.client.api.resumeSession({ params: { id: session.id } });
    await daemon.waitForState(session.id, ['completed']);
    const after = (await daemon.client.api.listEvents({ query: { session: session.id, type: 'log', since: events.at(-1)!.seq } })).events;
    const messages = after.map((e) => (e.payload as { message: string }).message);
    const loaded = messages.findIndex((m) => /through session\/load/.test(m));
    assert.ok(loaded >= 0, messages.join('\n'));
    assert.equal(messages[loaded + 1], 'read-only session: selected the agent\'s "plan" mode (Plan (read-only))');
  });

  it('leaves the mode alone in a session that may edit', async function () {
    const { session } = await daemon.client.api.createSession({
      body: { project: 'fence', agent: 'demo', action: 'implement', prompt: 'think', permissionPolicy: 'allow-all' },
    });
    await daemon.waitForState(session.id, ['completed']);
    const { events } = await daemon.client.api.listEvents({ query: { session: session.id, limit: 10_000 } });
    assert.ok(!events.some((e) => e.type === 'agent.update' && (e.payload as { kind: string }).kind === 'current_mode_update'));
    assert.ok(!events.some((e) => e.type === 'log' && /read-only session/.test((e.payload as { message: string }).message)));
  });
});
