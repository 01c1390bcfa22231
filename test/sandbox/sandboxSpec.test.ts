// The bwrap command line from a sandbox spec, and the spec a session gets (its git grants,
// what is hidden): pure parts, checked on a real repository and worktree.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bwrapArgs, orderedMounts, type SandboxSpec } from '../../daemon/agents/sandboxSpec.js';
import { HIDDEN_CREDENTIALS, gitGrants, sandboxSpecFor } from '../../daemon/sessions/sandboxPlan.js';
import { makeRepo, tempDir } from '../support/daemonHarness.js';

const base: SandboxSpec = { writable: [], readOnly: [], hiddenDirs: [], hiddenFiles: [], network: true, cwd: '/w', env: {} };

describe('sandbox spec → bwrap arguments', function () {
  it('drops every capability, makes its own pid namespace and dies with the daemon', function () {
    const args = bwrapArgs(base);
    for (const flag of ['--die-with-parent', '--unshare-pid', '--ro-bind']) assert.ok(args.includes(flag), flag);
    assert.deepEqual(args.slice(args.indexOf('--cap-drop'), args.indexOf('--cap-drop') + 2), ['--cap-drop', 'ALL']);
    assert.ok(!args.includes('--unshare-net'), 'network kept by default');
    assert.ok(bwrapArgs({ ...base, network: false }).includes('--unshare-net'));
    assert.deepEqual(args.slice(-3), ['--chdir', '/w', '--']);
  });

  it('mounts parents before children, so a worktree shows through the hidden state dir and a sibling ref stays pinned', function () {
    const spec: SandboxSpec = {
      ...base,
      writable: ['/s/worktrees/p/1', '/r/.git/refs/heads/sb/demo/p'],
      readOnly: ['/r', '/r/.git/refs/heads/sb/demo/p/other'],
      hiddenDirs: ['/s'],
    };
    assert.deepEqual(
      orderedMounts(spec).map((m) => `${m.kind} ${m.path}`),
      ['hide-dir /s', 'ro /r', 'rw /s/worktrees/p/1', 'rw /r/.git/refs/heads/sb/demo/p', 'ro /r/.git/refs/heads/sb/demo/p/other'],
    );
    const args = bwrapArgs(spec);
    // A hidden folder is made read-only last, after the mount points inside it exist.
    assert.ok(args.lastIndexOf('--remount-ro') > args.lastIndexOf('--bind'));
  });
});

describe('the sandbox a session gets', function () {
  let repo: string;
  let worktree: string;
  const branch = 'switchboard/demo/p/aaaa1111';
  before(function () {
    repo = makeRepo();
    worktree = path.join(tempDir('wt'), 'w');
    execFileSync('git', ['worktree', 'add', '-q', '-b', branch, worktree], { cwd: repo });
    execFileSync('git', ['branch', 'switchboard/demo/p/bbbb2222'], { cwd: repo });
  });

  it('git grants: the admin dir, objects, and the branch folders with the other sessions’ refs pinned', function () {
    const g = gitGrants(worktree, branch);
    const dotGit = path.join(repo, '.git');
    assert.ok(g.writable.includes(path.join(dotGit, 'objects')));
    assert.ok(g.writable.some((p) => p.startsWith(path.join(dotGit, 'worktrees'))));
    assert.ok(g.writable.includes(path.join(dotGit, 'refs', 'heads', 'switchboard', 'demo', 'p')));
    assert.ok(!g.writable.includes(path.join(dotGit, 'refs', 'heads')), 'main stays read-only');
    const sibling = path.join('refs', 'heads', 'switchboard', 'demo', 'p', 'bbbb2222');
    const admin = g.writable.find((p) => p.startsWith(path.join(dotGit, 'worktrees')))!;
    assert.deepEqual(g.pinned, [
      // The pointers to the repository: rewritten, they would send git to a repository the agent planted.
      path.join(worktree, '.git'),
      path.join(admin, 'commondir'),
      path.join(admin, 'gitdir'),
      path.join(dotGit, sibling),
      path.join(dotGit, 'logs', sibling),
    ]);
  });

  it('hides the state dir and the credential folders that exist, and the template’s own list', function () {
    const userHome = tempDir('user');
    fs.mkdirSync(path.join(userHome, '.ssh'));
    fs.writeFileSync(path.join(userHome, '.npmrc'), '//registry/:_authToken=secret\n');
    fs.mkdirSync(path.join(userHome, 'private-notes'));
    const stateDir = tempDir('state');
    // An agent started as `node <bundle>` with the bundle under /tmp (a clone there, as CI may make).
    const bundle = path.join(tempDir('dist'), 'agent.cjs');
    fs.writeFileSync(bundle, '');
    const spec = sandboxSpecFor({
      session: { cwd: worktree, worktreePath: worktree, branch, readOnly: false },
      template: { runtime: { provider: 'local', hiddenPaths: ['~/private-notes'] }, spawn: { command: 'node', args: [bundle], env: {} } },
      repoPath: repo,
      stateDir,
      agentHome: fs.mkdtempSync(path.join(stateDir, 'home-')),
      userHome,
      commandPath: null,
    });
    const real = (p: string) => fs.realpathSync(p);
    assert.ok(spec.hiddenDirs.includes(real(stateDir)));
    assert.ok(spec.hiddenDirs.includes(real(path.join(userHome, '.ssh'))));
    assert.ok(spec.hiddenDirs.includes(real(path.join(userHome, 'private-notes'))));
    assert.ok(spec.hiddenFiles.includes(real(path.join(userHome, '.npmrc'))));
    assert.ok(spec.writable.includes(real(worktree)));
    assert.ok(spec.readOnly.includes(real(path.dirname(bundle))), 'a bundle named in the arguments stays visible');
    assert.ok(HIDDEN_CREDENTIALS.includes('.aws') && !spec.hiddenDirs.some((p) => p.endsWith('.aws')), 'only existing paths are mounted over');
  });

  it('a read-only session writes nothing of git and nothing of the checkout', function () {
    const stateDir = tempDir('state');
    const spec = sandboxSpecFor({
      session: { cwd: repo, worktreePath: null, branch: null, readOnly: true },
      template: { runtime: { provider: 'local', network: 'none' }, spawn: { command: 'agent', args: [], env: {} } },
      repoPath: repo,
      stateDir,
      agentHome: fs.mkdtempSync(path.join(stateDir, 'home-')),
      userHome: tempDir('user'),
      commandPath: null,
    });
    assert.equal(spec.writable.length, 1, 'only the agent home');
    assert.ok(spec.readOnly.includes(repo));
    assert.equal(spec.network, false);
  });
});
