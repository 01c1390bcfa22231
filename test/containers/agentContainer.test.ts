// A session whose template runs on Docker: the demo agent in its own container (no network),
// the worktree mounted at its host path, running as the worktree owner, git working inside, and
// nothing written outside the worktree; and a daemon killed with -9 reconciling its containers.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Session } from '../../daemon/protocol/entities.js';
import { DaemonProcess, git, makeRepo, tempDir, until } from '../support/daemonHarness.js';
import { assertNoneLeft, buildImages, chownTree, containersOf, docker, requireDocker, testAccount, testHomes } from './dockerSupport.js';

const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Switchboard Test',
  GIT_AUTHOR_EMAIL: 'test@switchboard.invalid',
  GIT_COMMITTER_NAME: 'Switchboard Test',
  GIT_COMMITTER_EMAIL: 'test@switchboard.invalid',
};

describe('docker runtime: a session in a container of its own', function () {
  this.timeout(15 * 60_000);
  const account = testAccount();
  let home = '';
  let repo = '';
  let daemon: DaemonProcess | null = null;
  let idle: Session | null = null;

  const start = () => DaemonProcess.start({ home, env: { ...GIT_IDENTITY, HOME: home }, ...(account ? { as: account } : {}) });
  const api = () => (daemon as DaemonProcess).client.api;

  /** Sends a follow-up and waits for its turn to end; answers the agent's text of that turn. */
  async function turn(sessionId: string, text: string): Promise<string> {
    const { turn: t } = await api().followup({ params: { id: sessionId }, body: { text } });
    await until(`turn "${text}" to end`, async () => {
      const d = await api().getSession({ params: { id: sessionId } });
      return d.turns.find((x) => x.id === t.id)?.state === 'done' && d.session.state !== 'running';
    }, 60_000);
    const { events } = await api().listEvents({ query: { session: sessionId, type: 'turn.started,agent.message_chunk', limit: 10_000 } });
    const from = events.findIndex((e) => e.type === 'turn.started' && (e.payload as { turnId: string }).turnId === t.id);
    return events
      .slice(from + 1)
      .filter((e) => e.type === 'agent.message_chunk')
      .map((e) => (e.payload as { text: string }).text)
      .join('');
  }

  async function containerOf(sessionId: string): Promise<string> {
    const { events } = await api().listEvents({ query: { session: sessionId, type: 'container.created', limit: 100 } });
    const id = (events.at(-1)?.payload as { containerId?: string } | undefined)?.containerId;
    assert.ok(id, 'the session recorded container.created');
    return id;
  }

  before(async function () {
    await requireDocker(this);
    home = tempDir('dhome');
    testHomes.add(home);
    repo = makeRepo({ 'README.md': '# in a container\n' });
    chownTree(home, account);
    chownTree(repo, account);
    daemon = await start();
    const built = await buildImages(daemon);
    assert.ok(built.some((e) => e.type === 'image.built' && e.payload.image === 'agent'), 'the agent image was built (or confirmed)');
    await api().addProject({ body: { path: repo, slug: 'boxed' } });
  });

  after(async function () {
    if (!home) return;
    await daemon?.stop();
    await assertNoneLeft(home);
  });

  it('writes into the mounted worktree as the worktree owner, with no network, and git works inside', async function () {
    const { session } = await api().createSession({
      body: { project: 'boxed', agent: 'demo-docker', action: 'implement', prompt: 'write hello.txt hi from a container', permissionPolicy: 'allow-all' },
    });
    await (daemon as DaemonProcess).waitForState(session.id, ['completed'], 60_000);
    const worktree = session.worktreePath as string;
    const file = path.join(worktree, 'hello.txt');
    assert.equal(fs.readFileSync(file, 'utf8'), 'hi from a container', 'the file is on the host, in the worktree');
    const owner = fs.statSync(worktree).uid;
    assert.equal(fs.statSync(file).uid, owner, 'the file belongs to the worktree owner');
    if (account) assert.equal(owner, account.uid, 'the worktree owner is the (unprivileged) account the daemon runs as');

    const id = await containerOf(session.id);
    const info = await docker.getContainer(id).inspect();
    assert.equal(info.HostConfig.NetworkMode, 'none');
    assert.equal(info.Config.User, `${owner}:${fs.statSync(worktree).gid}`);
    const targets = info.Mounts.map((m) => `${m.Destination}${m.RW ? '' : ':ro'}`);
    assert.ok(targets.includes(worktree), `the worktree is mounted at its host path (${targets.join(', ')})`);
    assert.ok(targets.includes(path.join(repo, '.git')), 'the repository git dir the worktree points into is mounted at its real path');
    assert.equal(info.Config.Labels['switchboard.session'], session.id);
    assert.equal(info.Config.Labels['switchboard.kind'], 'agent');

    assert.match(await turn(session.id, 'run ls /sys/class/net'), /^lo\s*$/m, 'only the loopback interface exists');
    assert.match(await turn(session.id, 'run git status --short'), /\?\? hello\.txt/, 'git status works inside');
    await turn(session.id, 'run git add hello.txt');
    const committed = await turn(session.id, 'run git -c user.name=Agent -c user.email=agent@switchboard.invalid commit -q -m from-the-container');
    assert.match(committed, /exit code 0/, committed);
    assert.equal(git(repo, '-c', 'safe.directory=*', 'log', '-1', '--format=%s', session.branch as string), 'from-the-container', 'the commit made inside is on the session branch');
    idle = (await api().getSession({ params: { id: session.id } })).session;
  });

  it('cannot write outside its mounted worktree', async function () {
    assert.ok(idle, 'the first test made a session');
    const outsideRepo = path.join(repo, 'escaped.txt');
    const outsideHome = path.join(home, 'escaped.txt');
    const said = await turn(idle.id, `run touch ${outsideRepo} ${outsideHome} /escaped.txt`);
    assert.match(said, /exit code [1-9]/, `touch outside the worktree failed inside: ${said}`);
    assert.equal(fs.existsSync(outsideRepo), false, 'nothing appeared in the user checkout');
    assert.equal(fs.existsSync(outsideHome), false, 'nothing appeared in the state dir');
    await turn(idle.id, 'escape');
    const { events } = await api().listEvents({ query: { session: idle.id, type: 'file.refused', limit: 10 } });
    assert.ok(events.length > 0, 'the fs/* write outside was refused by the daemon');
    assert.equal(fs.existsSync(path.join(path.dirname(idle.worktreePath as string), 'escaped-by-demo-agent.txt')), false);
  });

  it('after kill -9 and a restart: the idle agent is re-attached, the mid-turn one ended, an orphan removed', async function () {
    assert.ok(idle, 'the first test made a session');
    const idleContainer = await containerOf(idle.id);
    const { session: hung } = await api().createSession({ body: { project: 'boxed', agent: 'demo-docker', action: 'implement', prompt: 'hang', permissionPolicy: 'allow-all' } });
    await until('the hanging turn to start', async () => (await api().getSession({ params: { id: hung.id } })).turns[0]?.state === 'running', 60_000);
    const hungContainer = await containerOf(hung.id);
    const orphan = await docker.createContainer({
      Image: 'switchboard/agent:latest',
      Cmd: ['sleep', '600'],
      Labels: { 'switchboard.home': home, 'switchboard.kind': 'agent', 'switchboard.session': 'no-such-session', 'switchboard.user': 'test' },
      HostConfig: { NetworkMode: 'none' },
    });
    await orphan.start();

    await (daemon as DaemonProcess).kill9();
    const running = (await containersOf(home)).filter((c) => c.State === 'running').map((c) => c.Id);
    assert.ok(running.includes(idleContainer) && running.includes(hungContainer), 'containers outlive a killed daemon');

    daemon = await start();
    const { events } = await api().listEvents({ query: { type: 'containers.reconciled', limit: 100 } });
    const report = events.at(-1)?.payload as { adopted: Array<{ containerId: string }>; removed: Array<{ containerId: string; reason: string }> };
    assert.ok(report, 'containers.reconciled was recorded');
    assert.deepEqual(report.adopted.map((a) => a.containerId), [idleContainer]);
    const removed = Object.fromEntries(report.removed.map((r) => [r.containerId, r.reason]));
    assert.equal(removed[hungContainer], 'interrupted');
    assert.equal(removed[orphan.id], 'orphan');
    const left = (await containersOf(home)).map((c) => c.Id);
    assert.deepEqual(left, [idleContainer], 'only the idle agent container is left');
    const hungNow = (await api().getSession({ params: { id: hung.id } })).session;
    assert.equal(hungNow.state, 'failed');
    assert.equal(hungNow.stateReason, 'interrupted');

    const said = await turn(idle.id, 'write after-restart.txt still me');
    assert.match(said, /Wrote after-restart\.txt/);
    assert.equal(fs.readFileSync(path.join(idle.worktreePath as string, 'after-restart.txt'), 'utf8'), 'still me');
    const reattached = await api().listEvents({ query: { session: idle.id, type: 'container.reattached,container.created', limit: 100 } });
    const last = reattached.events.at(-1);
    assert.equal(last?.type, 'container.reattached', 'the next turn attached to the surviving container instead of making one');
    assert.equal((last?.payload as { containerId: string }).containerId, idleContainer);
    assert.equal((await api().getSession({ params: { id: idle.id } })).session.state, 'completed');
  });
});
