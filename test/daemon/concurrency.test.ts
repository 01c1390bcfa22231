// Many sessions on one repository at once: distinct worktrees and branches, no git lock errors.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { DaemonProcess, git, makeRepo } from '../support/daemonHarness.js';

describe('concurrent sessions on one repository', function () {
  let daemon: DaemonProcess;
  after(async () => daemon?.stop());

  it('creates 20 implement sessions at once: 20 worktrees, 20 branches, all completed', async function () {
    this.timeout(120_000);
    const repo = makeRepo();
    daemon = await DaemonProcess.start();
    const { project } = await daemon.client.api.addProject({ body: { path: repo, slug: 'many' } });
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        daemon.client.api.createSession({ body: { project: project.slug, agent: 'demo', action: 'implement', prompt: `write file-${i}.txt hello ${i}`, permissionPolicy: 'allow-all' } }),
      ),
    );
    const sessions = created.map((c) => c.session);
    assert.equal(new Set(sessions.map((s) => s.worktreePath)).size, 20);
    assert.equal(new Set(sessions.map((s) => s.branch)).size, 20);
    const states = await Promise.all(sessions.map((s) => daemon.waitForState(s.id, ['completed', 'failed'], 90_000)));
    assert.deepEqual(new Set(states), new Set(['completed']));
    for (const [i, s] of sessions.entries()) {
      assert.equal(fs.readFileSync(`${s.worktreePath}/file-${i}.txt`, 'utf8'), `hello ${i}`);
    }
    const branches = git(repo, 'branch', '--list', 'switchboard/*').split('\n').filter(Boolean);
    assert.equal(branches.length, 20);
    assert.doesNotMatch(daemon.outputText, /index\.lock|config\.lock/);
  });
});
