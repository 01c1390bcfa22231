// Sessions the daemon cannot make are refused with a 4xx naming the request field at fault, not a
// 500: a project whose checkout was deleted after it was registered, and a base ref that names
// nothing. Nothing is left behind (no session, no worktree, no branch).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import { DaemonProcess, git, makeRepo } from '../support/daemonHarness.js';

/** The typed error a call rejected with (the test fails if it resolved). */
async function refusal(call: Promise<unknown>): Promise<SwitchboardError> {
  try {
    await call;
  } catch (err) {
    if (SwitchboardError.is(err)) return err;
    throw err;
  }
  assert.fail('the daemon accepted a session it cannot make');
}

describe('session creation refuses what it cannot make, naming the field', function () {
  let daemon: DaemonProcess;

  before(async function () {
    daemon = await DaemonProcess.start();
  });
  after(async function () {
    await daemon?.stop();
  });

  for (const action of ['implement', 'analyze'] as const) {
    it(`answers 400 not_a_repository (field "project") to ${action} in a project whose checkout is gone`, async function () {
      const api = daemon.client.api;
      const repo = makeRepo();
      const slug = `gone-${action}`;
      await api.addProject({ body: { path: repo, slug } });
      fs.rmSync(repo, { recursive: true, force: true });

      const err = await refusal(api.createSession({ body: { project: slug, agent: 'demo', action, prompt: 'demo' } }));
      assert.equal(err.status, 400);
      assert.equal(err.code, 'not_a_repository');
      assert.equal(err.field, 'project');
      assert.ok(err.message.includes(repo), `the message names the missing path: ${err.message}`);

      assert.deepEqual((await api.listSessions({ query: { project: slug } })).sessions, []);
      assert.ok(!fs.existsSync(path.join(daemon.home, 'worktrees', slug)), 'no worktree folder was made');
    });
  }

  it('answers 400 invalid_request (field "baseRef") to a base ref that names no commit, leaving no branch', async function () {
    const api = daemon.client.api;
    const repo = makeRepo();
    await api.addProject({ body: { path: repo, slug: 'bad-base' } });

    const err = await refusal(api.createSession({ body: { project: 'bad-base', agent: 'demo', action: 'implement', prompt: 'demo', baseRef: 'no-such-branch' } }));
    assert.equal(err.status, 400);
    assert.equal(err.code, 'invalid_request');
    assert.equal(err.field, 'baseRef');

    assert.deepEqual((await api.listSessions({ query: { project: 'bad-base' } })).sessions, []);
    assert.equal(git(repo, 'branch', '--list', 'switchboard/*'), '');
  });
});
