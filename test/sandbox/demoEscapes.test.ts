// The escape suite with the demo agent under --policy allow-all, in the bubblewrap sandbox:
// writes by the agent's own fs (`sneak`, as real agents write) and by shell (`run`, the agent's
// terminal commands) aimed outside the worktree never reach the host, and each shows as a failed
// tool call. The agent cannot read daemon.json or the user's ~/.ssh; it can commit on its own
// branch but not move `main`. Real agents face the same walls in test/realAgents.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Session } from '../../daemon/protocol/entities.js';
import { DaemonProcess, git, makeRepo, tempDir } from '../support/daemonHarness.js';
import { agentText, followupTurn, nextTurnEvents, requireBwrap, snapshotFiles, toolCallOutcomes } from '../support/sandboxSupport.js';

describe('sandbox: the demo agent cannot get out (allow-all)', function () {
  this.timeout(120_000);
  let daemon: DaemonProcess;
  let repo: string;
  let userHome: string;
  let other: Session;
  let session: Session;
  const secret = 'ssh-private-key-material-that-must-stay-home';

  before(async function () {
    await requireBwrap(this);
    userHome = tempDir('user');
    fs.mkdirSync(path.join(userHome, '.ssh'), { mode: 0o700 });
    fs.writeFileSync(path.join(userHome, '.ssh', 'id_ed25519'), secret);
    daemon = await DaemonProcess.start({ env: { HOME: userHome, SWITCHBOARD_SANDBOX: 'bwrap' } });
    repo = makeRepo();
    await daemon.client.api.addProject({ body: { path: repo, slug: 'esc' } });
    const start = async (prompt: string) => {
      const since = (await daemon.client.api.health()).lastSeq;
      const { session: s } = await daemon.client.api.createSession({ body: { project: 'esc', agent: 'demo', action: 'implement', prompt, permissionPolicy: 'allow-all' } });
      await nextTurnEvents(daemon, s.id, since);
      return s;
    };
    other = await start('think');
    session = await start('think');
  });
  after(async () => daemon?.stop());

  it('says what confines it: a bubblewrap sandbox', async function () {
    const s = (await daemon.client.api.getSession({ params: { id: session.id } })).session;
    assert.equal(s.isolation?.kind, 'bwrap');
  });

  it('a write by its own fs or by shell outside the worktree fails and reaches nothing', async function () {
    const worktree = session.worktreePath!;
    fs.symlinkSync(userHome, path.join(worktree, 'planted-link'));
    const targets: Array<[string, string]> = [
      ['an absolute path outside', path.join('/var/tmp', `sb-escape-${process.pid}-${Date.now()}.txt`)],
      ['../ of the worktree', path.join(path.dirname(worktree), 'escape-parent.txt')],
      ['a symlink planted in the worktree', path.join(userHome, 'through-link.txt')],
      ['the project checkout', path.join(repo, 'escape-checkout.txt')],
      ["another session's worktree", path.join(other.worktreePath!, 'escape-other.txt')],
      ["the user's HOME", path.join(userHome, 'escape-home.txt')],
    ];
    const asAgentWrites = (target: string) => (target.startsWith(userHome + path.sep) && target.endsWith('through-link.txt') ? 'planted-link/through-link.txt' : target);
    const before = snapshotFiles(repo);
    for (const [what, target] of targets) {
      const byFs = await followupTurn(daemon, session.id, `sneak ${asAgentWrites(target)} escaped`);
      assert.deepEqual([...toolCallOutcomes(byFs).values()], ['failed'], `${what}: its own write is a failed tool call`);
      assert.match(agentText(byFs), /Could not write .*(EROFS|EACCES|ENOENT|read-only)/i, `${what}: ${agentText(byFs)}`);
      const byShell = await followupTurn(daemon, session.id, `run touch ${asAgentWrites(target)}`);
      assert.deepEqual([...toolCallOutcomes(byShell).values()], ['failed'], `${what}: the shell write is a failed tool call`);
      assert.equal(fs.existsSync(target), false, `${what}: nothing on the host at ${target}`);
    }
    assert.deepEqual(snapshotFiles(repo), before, 'the checkout is byte-identical');
    assert.equal(git(repo, 'status', '--porcelain'), '');
  });

  it('cannot read daemon.json (the API token) or the user’s ~/.ssh', async function () {
    const byShell = await followupTurn(daemon, session.id, `run cat ${path.join(daemon.home, 'daemon.json')}`);
    assert.match(agentText(byShell), /No such file/);
    const viaHome = await followupTurn(daemon, session.id, 'run cat ../../daemon.json');
    assert.match(agentText(viaHome), /No such file/);
    const ssh = await followupTurn(daemon, session.id, `run ls -A ${path.join(userHome, '.ssh')}`);
    assert.match(agentText(ssh), /\[exit code 0\]/);
    assert.doesNotMatch(agentText(ssh), /id_ed25519/);
    const key = await followupTurn(daemon, session.id, `run cat ${path.join(userHome, '.ssh', 'id_ed25519')}`);
    assert.doesNotMatch(agentText(key), new RegExp(secret));
    const all = await daemon.client.api.listEvents({ query: { session: session.id, limit: 10_000 } });
    const text = JSON.stringify(all.events);
    assert.ok(!text.includes(daemon.discovery.token), 'the token never reached the agent');
    assert.ok(!text.includes(secret), 'the key never reached the agent');
  });

  it('commits on its own branch from inside, but cannot move main or another session’s branch', async function () {
    const mainBefore = git(repo, 'rev-parse', 'main');
    const otherBefore = git(repo, 'rev-parse', other.branch!);
    await followupTurn(daemon, session.id, 'sneak committed.txt from inside the sandbox');
    const add = await followupTurn(daemon, session.id, 'run git add committed.txt');
    assert.deepEqual([...toolCallOutcomes(add).values()], ['completed'], agentText(add));
    const commit = await followupTurn(daemon, session.id, 'run git commit -q -m agent-commit');
    assert.deepEqual([...toolCallOutcomes(commit).values()], ['completed'], agentText(commit));
    assert.equal(git(repo, 'log', '-1', '--format=%s', session.branch!), 'agent-commit');
    assert.equal(git(repo, 'show', `${session.branch!}:committed.txt`), 'from inside the sandbox');

    for (const attempt of ['run git update-ref refs/heads/main HEAD', `run git update-ref refs/heads/${other.branch!} HEAD`, 'run git branch -D main']) {
      const evs = await followupTurn(daemon, session.id, attempt);
      assert.deepEqual([...toolCallOutcomes(evs).values()], ['failed'], `${attempt}: ${agentText(evs)}`);
    }
    assert.equal(git(repo, 'rev-parse', 'main'), mainBefore);
    assert.equal(git(repo, 'rev-parse', other.branch!), otherBefore);
    assert.equal(git(repo, 'status', '--porcelain'), '');
  });
});

describe('sandbox: a read-only (analyze) session of the demo agent leaves the checkout byte-identical', function () {
  this.timeout(60_000);
  let daemon: DaemonProcess;
  after(async () => daemon?.stop());

  it('its own write and its shell write into the checkout both fail', async function () {
    await requireBwrap(this);
    daemon = await DaemonProcess.start({ env: { SWITCHBOARD_SANDBOX: 'bwrap' } });
    const repo = makeRepo({ 'README.md': '# demo\n', 'src/a.ts': 'export const a = 1;\n' });
    await daemon.client.api.addProject({ body: { path: repo, slug: 'ro' } });
    const before = snapshotFiles(repo);
    const since = (await daemon.client.api.health()).lastSeq;
    const { session } = await daemon.client.api.createSession({ body: { project: 'ro', agent: 'demo', action: 'analyze', prompt: 'sneak src/a.ts overwritten', permissionPolicy: 'allow-all' } });
    const first = await nextTurnEvents(daemon, session.id, since);
    assert.deepEqual([...toolCallOutcomes(first).values()], ['failed']);
    const shell = await followupTurn(daemon, session.id, 'run touch new-file.txt');
    assert.deepEqual([...toolCallOutcomes(shell).values()], ['failed']);
    assert.deepEqual(snapshotFiles(repo), before);
    assert.equal(git(repo, 'status', '--porcelain'), '');
  });
});
