// The containers feature's parts that need no engine: same-path mounts of a linked worktree,
// labels, exit statuses, progress batching, desktop tickets, and the plain error a daemon gives
// when no engine answers. These run everywhere, Docker or not.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { exitOf } from '../../daemon/containers/attachedContainer.js';
import { DockerEngine, engineTarget } from '../../daemon/containers/dockerEngine.js';
import { ContainerError } from '../../daemon/containers/errors.js';
import { labelFilter, labelsFor, podOf } from '../../daemon/containers/labels.js';
import { dedupe, gitDirsOf, samePath, sessionMounts } from '../../daemon/containers/mounts.js';
import { ProgressBatcher } from '../../daemon/containers/progressBatcher.js';
import { DesktopTickets, TICKET_TTL_MS } from '../../daemon/http/desktopTickets.js';
import { DaemonResponseError } from '../../daemon/protocol/client.js';
import { DaemonProcess, git, makeRepo, tempDir } from '../support/daemonHarness.js';

describe('container parts', function () {
  describe('mounts', function () {
    it('a linked worktree needs its gitdir and the common dir, mounted at their real paths', async function () {
      const repo = makeRepo();
      const wt = path.join(tempDir('wt'), 'tree');
      git(repo, 'worktree', 'add', '-q', '-b', 'side', wt);
      const dirs = await gitDirsOf(wt);
      assert.deepEqual(dirs, [path.join(repo, '.git'), path.join(repo, '.git', 'worktrees', 'tree')]);
      const mounts = await sessionMounts(wt, false, [samePath('/opt/demo-agent.cjs', true)]);
      assert.deepEqual(
        mounts.map((m) => [m.source, m.target, m.readOnly]),
        [
          [wt, wt, false],
          [path.join(repo, '.git'), path.join(repo, '.git'), false],
          ['/opt/demo-agent.cjs', '/opt/demo-agent.cjs', true],
        ],
        'the gitdir lies inside the common dir: one mount covers both',
      );
      assert.deepEqual(await gitDirsOf(repo), [], 'a checkout whose .git is a folder needs nothing more');
    });

    it('keeps nested mounts that differ in mode (a read-only checkout, its writable .git)', function () {
      const out = dedupe([samePath('/r', true), samePath('/r/.git', false), samePath('/r/sub', true), samePath('/r', true)]);
      assert.deepEqual(out.map((m) => `${m.target}:${m.readOnly ? 'ro' : 'rw'}`), ['/r:ro', '/r/.git:rw']);
    });
  });

  it('labels say kind, user, home, session and project; pods are read back from them', function () {
    const labels = labelsFor({ kind: 'agent', user: 'ana', home: '/h', sessionId: 's1', projectId: 'p1' });
    assert.deepEqual(labels, { 'switchboard.kind': 'agent', 'switchboard.user': 'ana', 'switchboard.home': '/h', 'switchboard.session': 's1', 'switchboard.project': 'p1' });
    assert.deepEqual(labelFilter('/h', { kind: 'computer', user: 'ana' }), ['switchboard.home=/h', 'switchboard.kind=computer', 'switchboard.user=ana']);
    const pod = podOf({ Id: 'abc', Names: ['/n'], Image: 'img', State: 'running', Status: 'Up', Created: 0, Labels: labels, HostConfig: { NetworkMode: 'none' } }, true);
    assert.deepEqual([pod.name, pod.kind, pod.sessionId, pod.projectId, pod.ready, pod.network], ['n', 'agent', 's1', 'p1', null, 'none']);
  });

  it('a container killed by a signal reports the signal, as a local process does', function () {
    assert.deepEqual(exitOf(137), { exitCode: null, signal: 'SIGKILL' });
    assert.deepEqual(exitOf(143), { exitCode: null, signal: 'SIGTERM' });
    assert.deepEqual(exitOf(3), { exitCode: 3, signal: null });
  });

  it('build output is batched into a few events, not one per line', function () {
    const batches: string[][] = [];
    const b = new ProgressBatcher((lines) => batches.push(lines));
    b.pushText('Step 1/3 : FROM x\nStep 2');
    b.pushText('/3 : RUN y\n');
    for (let i = 0; i < 45; i++) b.push(`line ${i}`);
    b.flush();
    assert.deepEqual(batches.map((x) => x.length), [40, 7]);
    assert.deepEqual(batches[0]?.slice(0, 2), ['Step 1/3 : FROM x', 'Step 2/3 : RUN y']);
  });

  it('desktop tickets live 60 s; a proxy cookie is a separate grant', function () {
    let now = 1_000_000;
    const t = new DesktopTickets(() => now);
    const { ticket, expiresAt } = t.issue('ana');
    assert.equal(expiresAt.getTime(), now + TICKET_TTL_MS);
    assert.equal(t.check(ticket), 'ana');
    assert.equal(t.check('forged'), null);
    assert.equal(t.checkCookie(ticket), null, 'a ticket is not a cookie');
    const cookie = t.issueCookie('ana');
    now += TICKET_TTL_MS;
    assert.equal(t.check(ticket), null, 'expired');
    assert.equal(t.checkCookie(cookie), 'ana');
  });

  it('no reachable engine is a clear error naming DOCKER_HOST', async function () {
    const host = `unix://${path.join(tempDir('nodocker'), 'docker.sock')}`;
    assert.equal(engineTarget({ DOCKER_HOST: host }).description, `DOCKER_HOST=${host}`);
    assert.match(engineTarget({}).description, /default socket \/var\/run\/docker\.sock.*DOCKER_HOST/);
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = host;
    try {
      await assert.rejects(new DockerEngine().ping(1000), (e: unknown) => ContainerError.is(e, 'engine_unreachable') && e.message.includes(`DOCKER_HOST=${host}`));
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }

    const daemon = await DaemonProcess.start({ env: { DOCKER_HOST: host } });
    try {
      await assert.rejects(daemon.client.api.computerPodEnsure({ body: {} }), (e: unknown) => {
        return e instanceof DaemonResponseError && e.code === 'unavailable' && e.message.includes(`DOCKER_HOST=${host}`);
      });
      const repo = makeRepo();
      await daemon.client.api.addProject({ body: { path: repo, slug: 'p' } });
      const { session } = await daemon.client.api.createSession({ body: { project: 'p', agent: 'demo-docker', action: 'implement', prompt: 'demo' } });
      await daemon.waitForState(session.id, ['failed']);
      const s = (await daemon.client.api.getSession({ params: { id: session.id } })).session;
      assert.equal(s.stateReason, 'agent_start_failed');
      assert.match(s.stateDetail ?? '', /no Docker engine answers at DOCKER_HOST=/);
      assert.equal(fs.existsSync(path.join(daemon.home, 'daemon.json')), true, 'the daemon itself runs without an engine');
    } finally {
      await daemon.stop();
    }
  });
});
