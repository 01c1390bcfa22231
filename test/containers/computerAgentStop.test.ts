// Stopping the computer agents stops every session that may still have one, a failed session
// included: a prompt that fails (`prompt_failed`) leaves its agent running in the container, and
// "stop the agents" must end it too (the route once skipped failed sessions and left it running).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DaemonProcess, makeRepo, tempDir } from '../support/daemonHarness.js';
import { assertNoneLeft, buildImages, requireDocker, testHomes } from './dockerSupport.js';

describe('computer agent stop', function () {
  this.timeout(15 * 60_000);
  let home = '';
  let daemon: DaemonProcess | null = null;
  const d = () => daemon as DaemonProcess;
  const api = () => d().client.api;

  before(async function () {
    await requireDocker(this);
    home = tempDir('cstop');
    testHomes.add(home);
    daemon = await DaemonProcess.start({ home });
    await buildImages(daemon);
    await api().addProject({ body: { path: makeRepo(), slug: 'desk' } });
  });

  after(async function () {
    if (!home) return;
    if (daemon) await api().computerPodRemove({ body: {} }).catch(() => undefined);
    await daemon?.stop();
    await assertNoneLeft(home);
  });

  it('stops the agent of a session whose prompt failed, which outlived the failure', async function () {
    const first = await api().computerChat({ body: { project: 'desk', prompt: 'write a.txt made in the computer', permissionPolicy: 'allow-all' } });
    const id = first.session.id;
    await d().waitForState(id, ['completed'], 60_000);

    // The demo agent answers a prompt for a session whose history is gone with an error, and lives
    // on. Its HOME is its template's agent home, mounted at the same path in the container.
    const historyDir = path.join(home, 'agent-homes', first.session.agent, '.demo-agent', 'sessions');
    const histories = fs.readdirSync(historyDir).filter((f) => f.endsWith('.json'));
    assert.ok(histories.length > 0, `the demo agent keeps its history in ${historyDir}`);
    for (const f of histories) fs.rmSync(path.join(historyDir, f));
    await api().computerChat({ body: { project: 'desk', prompt: 'demo' } });
    await d().waitForState(id, ['failed'], 60_000);
    assert.equal((await api().getSession({ params: { id } })).session.stateReason, 'prompt_failed');
    const before = await api().computerAgentStatus({ body: { project: 'desk' } });
    assert.deepEqual(before.agents.map((a) => [a.session.id, a.agentRunning]), [[id, true]], 'the agent outlived the failed prompt');

    const stopped = await api().computerAgentStop({ body: { project: 'desk' } });
    assert.deepEqual(stopped.stopped.map((s) => [s.id, s.state]), [[id, 'stopped']]);
    const after = await api().computerAgentStatus({ body: { project: 'desk' } });
    assert.equal(after.agents[0]?.agentRunning, false, 'the agent is gone');
    assert.equal(after.pod?.state, 'running', 'the container and its desktop stay');
  });
});
