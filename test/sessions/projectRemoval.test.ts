// Removing a project through the real daemon, real git and the demo agent: refused (409 naming
// the session) while a session of the project waits for a person, with nothing touched; the
// preview lists exactly what removal then removes — sessions, worktrees, branches, events — and
// the repository itself is left as it was; the branches a project offers for its default leave
// Switchboard's own out; an artifact's text is served by id.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Session } from '../../daemon/protocol/entities.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import { narrowEvent } from '../../daemon/protocol/eventNarrowing.js';
import { DaemonProcess, git, makeRepo, until } from '../support/daemonHarness.js';

describe('project removal', function () {
  this.timeout(120_000);
  let daemon: DaemonProcess;

  before(async () => {
    daemon = await DaemonProcess.start();
  });
  after(async () => daemon?.stop());

  async function session(project: string, prompt: string, action: Session['action'] = 'implement', settled: Session['state'][] = ['completed']): Promise<Session> {
    const { session: s } = await daemon.client.api.createSession({ body: { project, agent: 'demo', action, prompt, permissionPolicy: 'allow-all' } });
    await daemon.waitForState(s.id, settled);
    return (await daemon.client.api.getSession({ params: { id: s.id } })).session;
  }

  /** What a person would check of the repository: its files, its branches, its commits, its worktrees. */
  function repoFacts(repo: string) {
    return {
      files: fs.readdirSync(repo).sort(),
      head: git(repo, 'rev-parse', 'HEAD'),
      branches: git(repo, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/').split('\n').sort(),
      worktrees: git(repo, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree ')),
    };
  }

  it('refuses while a session is live, naming it, and touches nothing', async () => {
    const api = daemon.client.api;
    const repo = makeRepo();
    await api.addProject({ body: { path: repo, slug: 'live' } });
    // Policy `ask`: the demo agent's default task stops at a permission and waits for a person.
    const { session: waiting } = await api.createSession({ body: { project: 'live', agent: 'demo', action: 'implement', prompt: 'edit something' } });
    await daemon.waitForState(waiting.id, ['waiting_for_user']);
    const before = await api.projectRemovalPreview({ params: { project: 'live' } });
    assert.deepEqual(before.liveSessions.map((s) => [s.sessionId, s.state]), [[waiting.id, 'waiting_for_user']]);

    const refused = await api.removeProject({ params: { project: 'live' }, query: { deleteBranches: 'true' } }).then(
      () => assert.fail('removal should be refused while a session waits'),
      (err: unknown) => err,
    );
    assert.ok(SwitchboardError.is(refused, 'conflict'), String(refused));
    assert.equal(refused.status, 409);
    assert.equal(refused.field, 'project');
    assert.match(refused.message, new RegExp(`${waiting.shortId} "edit something" \\(waiting for user\\)`));
    assert.deepEqual((refused.details as { sessions: { sessionId: string }[] }).sessions.map((s) => s.sessionId), [waiting.id]);

    // Nothing went: the project, its session, its worktree and branch, its events.
    assert.equal((await api.getProject({ params: { project: 'live' } })).project.slug, 'live');
    assert.equal((await api.getSession({ params: { id: waiting.id } })).session.state, 'waiting_for_user');
    assert.ok(fs.existsSync(waiting.worktreePath!));
    assert.deepEqual(await api.projectRemovalPreview({ params: { project: 'live' } }), before);

    // Once stopped, it goes; without deleteBranches the session branch stays in the repository.
    await api.stopSession({ params: { id: waiting.id } });
    const stopped = await api.projectRemovalPreview({ params: { project: 'live' } });
    assert.deepEqual(stopped.liveSessions, []);
    assert.deepEqual(stopped.branches, [waiting.branch]);
    const res = await api.removeProject({ params: { project: 'live' }, query: {} });
    assert.deepEqual(res.branchesDeleted, []);
    assert.ok(!fs.existsSync(waiting.worktreePath!), 'the worktree is gone');
    assert.ok(repoFacts(repo).branches.includes(waiting.branch!), 'the branch is kept when not asked');
  });

  it('removes exactly what the preview lists, and never the repository', async () => {
    const api = daemon.client.api;
    const repo = makeRepo({ 'README.md': '# keep me\n', 'src/app.ts': 'export const x = 1;\n' });
    git(repo, 'branch', 'feature/mine');
    const { project } = await api.addProject({ body: { path: repo, slug: 'gone' } });
    const repoBefore = repoFacts(repo);

    const implemented = await session('gone', 'write notes.txt hello');
    const analyzed = await session('gone', 'think', 'analyze');
    const archived = await session('gone', 'write more.txt more');
    await api.archiveSession({ params: { id: archived.id } });
    const ours = [implemented, analyzed, archived];
    const artifactDirs = ours.map((s) => path.join(daemon.home, 'artifacts', s.id));
    assert.ok(artifactDirs.every((d) => fs.existsSync(d)), 'every session wrote artifacts');

    const preview = await api.projectRemovalPreview({ params: { project: 'gone' } });
    assert.deepEqual(preview.liveSessions, []);
    assert.deepEqual(new Set(preview.sessions.map((s) => s.sessionId)), new Set(ours.map((s) => s.id)));
    assert.deepEqual(new Set(preview.worktrees), new Set([implemented.worktreePath, archived.worktreePath]));
    assert.deepEqual(new Set(preview.branches), new Set([implemented.branch, archived.branch]));
    assert.equal(preview.sessions.find((s) => s.sessionId === analyzed.id)!.worktreePath, null, 'analyze ran in the checkout: no worktree of its own');
    assert.equal(preview.project.repoPath, project.repoPath);
    assert.ok(preview.eventCount > 0);
    // A preview changes nothing.
    assert.deepEqual(await api.projectRemovalPreview({ params: { project: 'gone' } }), preview);

    assert.notEqual(git(repo, 'for-each-ref', 'refs/switchboard/'), '', 'the sessions made checkpoint refs');
    const res = await api.removeProject({ params: { project: project.id }, query: { deleteBranches: 'true' } });
    assert.deepEqual(res.removed, preview, 'removal answers the preview it acted on');
    assert.deepEqual(new Set(res.branchesDeleted), new Set(preview.branches));

    // Gone: the registration, the sessions, their worktrees, branches, artifacts and events.
    await assert.rejects(api.getProject({ params: { project: 'gone' } }), (e: unknown) => SwitchboardError.is(e, 'not_found'));
    for (const s of ours) await assert.rejects(api.getSession({ params: { id: s.id } }), (e: unknown) => SwitchboardError.is(e, 'not_found'));
    for (const w of preview.worktrees) assert.ok(!fs.existsSync(w), `${w} removed`);
    assert.ok(!fs.existsSync(path.dirname(implemented.worktreePath!)), "the project's empty worktree folder is removed too");
    assert.ok(artifactDirs.every((d) => !fs.existsSync(d)), 'artifacts removed');
    const { events } = await api.listEvents({ query: { limit: 10_000 } });
    const left = events.filter((e) => e.projectId === project.id);
    assert.deepEqual(left.map((e) => e.type), ['project.removed'], 'only the tombstone stays in the log');
    const tomb = narrowEvent(left[0]!, 'project.removed')!;
    assert.equal(tomb.payload.sessionsRemoved, 3);
    assert.deepEqual(new Set(tomb.payload.worktreesRemoved), new Set(preview.worktrees));

    // The repository is as it was: files, HEAD, the user's branches, no worktree of ours left
    // registered, and (once the review's background clean-up ran) no checkpoint refs of ours.
    assert.deepEqual(repoFacts(repo), repoBefore);
    await until('the sessions\' checkpoint refs to go', () => git(repo, 'for-each-ref', 'refs/switchboard/') === '');
    assert.equal(fs.readFileSync(path.join(repo, 'src/app.ts'), 'utf8'), 'export const x = 1;\n');
    // And it can be registered again.
    assert.equal((await api.addProject({ body: { path: repo, slug: 'gone' } })).project.repoPath, project.repoPath);
  });

  it("throws the project's warm spare worktree away too, leaving no worktree registered in the repository", async () => {
    const api = daemon.client.api;
    const repo = makeRepo({ 'README.md': '# warm\n', '.switchboard/config.json': `${JSON.stringify({ warmWorktree: true })}\n` });
    await api.addProject({ body: { path: repo, slug: 'warm-gone' } });
    const s = await session('warm-gone', 'think');
    await until('the spare to be made after the session started', () => git(repo, 'worktree', 'list', '--porcelain').includes('/.warm-') || null);
    const spare = git(repo, 'worktree', 'list', '--porcelain').split('\n').find((l) => l.includes('/.warm-'))!.slice('worktree '.length);

    const res = await api.removeProject({ params: { project: 'warm-gone' }, query: { deleteBranches: 'true' } });
    assert.deepEqual(res.removed.worktrees, [s.worktreePath], 'the spare is not a session worktree the preview lists');
    assert.deepEqual(git(repo, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree ')), [`worktree ${repo}`]);
    assert.ok(!fs.existsSync(spare), 'the spare folder is gone');
    assert.ok(!fs.existsSync(path.dirname(spare)), "and so is the project's worktree folder");
  });

  it('lists the repository branches to choose a default from, without session branches', async () => {
    const api = daemon.client.api;
    const repo = makeRepo();
    git(repo, 'branch', 'release/1.0');
    git(repo, 'branch', 'develop');
    await api.addProject({ body: { path: repo, slug: 'branchy' } });
    const s = await session('branchy', 'write a.txt a');
    assert.ok(repoFacts(repo).branches.includes(s.branch!));

    const listed = await api.listBranches({ params: { project: 'branchy' } });
    assert.equal(listed.defaultBranch, 'main');
    assert.deepEqual(listed.branches.map((b) => b.name), ['develop', 'main', 'release/1.0']);
    const main = listed.branches.find((b) => b.name === 'main')!;
    assert.deepEqual([main.current, main.isDefault, main.commit], [true, true, git(repo, 'rev-parse', 'main')]);
    assert.ok(listed.branches.filter((b) => b.name !== 'main').every((b) => !b.current && !b.isDefault));

    await api.updateProject({ params: { project: 'branchy' }, body: { defaultBranch: 'develop' } });
    const after = await api.listBranches({ params: { project: 'branchy' } });
    assert.equal(after.defaultBranch, 'develop');
    assert.deepEqual(after.branches.filter((b) => b.isDefault).map((b) => b.name), ['develop']);
    await assert.rejects(api.listBranches({ params: { project: 'nope' } }), (e: unknown) => SwitchboardError.is(e, 'not_found') && e.field === 'project');
  });

  it("serves an artifact's text by id, and 404 naming the id otherwise", async () => {
    const api = daemon.client.api;
    await api.addProject({ body: { path: makeRepo(), slug: 'arts' } });
    const s = await session('arts', 'write hello.txt hi there');
    const { artifacts } = await api.listArtifacts({ query: { session: s.id } });
    assert.deepEqual(new Set(artifacts.map((a) => a.kind)), new Set(['transcript', 'diff']));
    for (const a of artifacts) {
      const got = await api.getArtifact({ params: { id: a.id } });
      assert.deepEqual(got.artifact, a);
      assert.equal(got.truncated, false);
      assert.equal(got.content, fs.readFileSync(a.path, 'utf8'));
    }
    const diff = await api.getArtifact({ params: { id: artifacts.find((a) => a.kind === 'diff')!.id } });
    assert.match(diff.content, /^\+\+\+ b\/hello\.txt$/m);
    await assert.rejects(api.getArtifact({ params: { id: 'no-such-artifact' } }), (e: unknown) => SwitchboardError.is(e, 'not_found') && e.field === 'id');
  });
});
