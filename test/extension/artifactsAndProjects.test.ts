// Artifacts under sessions and project management, as the extension holds and words them: a
// session's artifacts are listed when first asked for, grouped by turn (transcript, plan, diff;
// the newest of each), joined by `artifact.created` without a refetch — even mid-load — and
// forgotten with their session; their URIs round-trip; Remove Project's modal says what goes and
// what stays, or which live sessions stop it; `project.removed` takes the project off the tree.
import assert from 'node:assert/strict';
import type { Artifact } from '../../daemon/protocol/entities.js';
import type { LooseEvent } from '../../daemon/protocol/eventNarrowing.js';
import type { ProjectRemovalPreview } from '../../daemon/protocol/projectRoutes.js';
import { ArtifactsModel, byTurn } from '../../extension/artifacts/artifactsModel.js';
import { ARTIFACT_SCHEME, artifactFileName, artifactTurnLabel, decodeArtifactUri, encodeArtifactUri } from '../../extension/artifacts/artifactUris.js';
import { liveSessionsText, removalDetail } from '../../extension/commands/projectRemovalText.js';
import { SessionTreeModel } from '../../extension/model/sessionTreeModel.js';
import { makeProject, makeSession } from '../cli/fixtures.js';

let n = 0;
function artifact(kind: Artifact['kind'], turnIndex: number | null, over: Partial<Artifact> = {}): Artifact {
  n++;
  return { id: `a${n}`, sessionId: 's1', projectId: 'p1', kind, path: `/state/artifacts/s1/turn-${(turnIndex ?? 0) + 1}-${kind}.md`, size: 10, turnIndex, createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(), ...over };
}
const created = (a: Artifact, seq = 100 + n): LooseEvent => ({ seq, type: 'artifact.created', sessionId: a.sessionId, projectId: a.projectId, time: a.createdAt, payload: { artifact: a } });

/** A fetcher that answers when the test says. */
function harness() {
  const calls: { sessionId: string; resolve: (a: Artifact[]) => void; reject: (e: Error) => void }[] = [];
  const model = new ArtifactsModel((sessionId) => new Promise((resolve, reject) => calls.push({ sessionId, resolve, reject })));
  const changed: string[] = [];
  model.onDidChange((id) => changed.push(id));
  const settle = () => new Promise((r) => setImmediate(r));
  return { model, calls, changed, settle };
}

describe('artifacts and projects in the extension', () => {
  it('groups artifacts by turn, transcript then plan then diff, the newest of each kind', () => {
    const old = artifact('diff', 0);
    const turns = byTurn([artifact('diff', 1), old, artifact('transcript', 0), artifact('plan', 0), artifact('diff', 0), artifact('transcript', 1)]);
    assert.deepEqual(turns.map((t) => [artifactTurnLabel(t.turnIndex), t.artifacts.map((a) => a.kind)]), [
      ['Turn 1', ['transcript', 'plan', 'diff']],
      ['Turn 2', ['transcript', 'diff']],
    ]);
    assert.notEqual(turns[0]!.artifacts[2]!.id, old.id, 'a turn that wrote a diff twice shows the newer');
    assert.equal(artifactTurnLabel(null), 'Session');
  });

  it('lists a session only when asked, then follows artifact.created without listing again', async () => {
    const { model, calls, changed, settle } = harness();
    const t1 = artifact('transcript', 0);
    model.applyEvent(created(t1));
    assert.equal(calls.length, 0, 'nothing is listed before someone looks');
    assert.equal(model.get('s1'), undefined);
    assert.equal(model.request('s1').status, 'loading');
    model.request('s1');
    assert.equal(calls.length, 1, 'asked twice, listed once');
    // One lands while the listing is on its way: it must not be lost when the (older) answer comes.
    const d1 = artifact('diff', 0);
    model.applyEvent(created(d1));
    calls[0]!.resolve([t1]);
    await settle();
    assert.deepEqual(model.get('s1')!.turns[0]!.artifacts.map((a) => a.id), [t1.id, d1.id]);
    assert.equal(model.get('s1')!.status, 'loaded');
    const t2 = artifact('transcript', 1);
    model.applyEvent(created(t2));
    assert.equal(calls.length, 1, 'the event carries the artifact: no new listing');
    assert.equal(model.artifact('s1', t2.id)?.turnIndex, 1);
    assert.ok(changed.length >= 3);
    model.applyEvent({ seq: 500, type: 'session.deleted', sessionId: 's1', projectId: 'p1', time: t2.createdAt, payload: { branchDeleted: false, worktreeRemoved: true } });
    assert.equal(model.get('s1'), undefined, 'a deleted session is forgotten');
  });

  it('says when a listing failed, and lists again after the daemon’s log was replaced', async () => {
    const { model, calls, settle } = harness();
    model.request('s1');
    calls[0]!.reject(new Error('daemon down'));
    await settle();
    assert.deepEqual([model.get('s1')!.status, model.get('s1')!.error], ['error', 'daemon down']);
    model.invalidateAll();
    assert.equal(calls.length, 2);
    calls[1]!.resolve([artifact('transcript', 0)]);
    await settle();
    assert.equal(model.get('s1')!.turns.length, 1);
  });

  it('opens an artifact at a URI that names it and ends in its file name', () => {
    const a = artifact('diff', 2, { path: '/state/artifacts/s1/turn-3-diff.patch' });
    const uri = encodeArtifactUri(a, 'abcd1234');
    assert.equal(uri.scheme, ARTIFACT_SCHEME);
    assert.equal(uri.path, '/abcd1234/turn-3-diff.patch', 'the editor picks the Diff language from .patch');
    assert.deepEqual(decodeArtifactUri(uri), { artifactId: a.id, sessionId: 's1' });
    assert.equal(decodeArtifactUri({ ...uri, scheme: 'file' }), null);
    assert.equal(decodeArtifactUri({ ...uri, query: '' }), null);
    assert.equal(artifactFileName({ path: 'C:\\state\\artifacts\\s1\\turn-1-transcript.md', kind: 'transcript' }), 'turn-1-transcript.md');
  });

  const preview = (over: Partial<ProjectRemovalPreview> = {}): ProjectRemovalPreview => ({
    project: makeProject({ id: 'p1', name: 'Demo', repoPath: '/code/demo' }),
    liveSessions: [],
    sessions: [
      { sessionId: 's1', shortId: 'aaaa1111', title: 'add a parser', state: 'completed', worktreePath: '/wt/demo/s1', worktreeExists: true, branch: 'switchboard/demo/demo/aaaa1111', branchExists: true, uncommittedFiles: 2, artifacts: 3, eventCount: 40 },
      { sessionId: 's2', shortId: 'bbbb2222', title: 'look around', state: 'archived', worktreePath: null, worktreeExists: false, branch: null, branchExists: false, uncommittedFiles: 0, artifacts: 1, eventCount: 12 },
    ],
    worktrees: ['/wt/demo/s1'],
    branches: ['switchboard/demo/demo/aaaa1111'],
    eventCount: 55,
    ...over,
  });

  it("words Remove Project's modal: what goes, what is lost, and that the repository stays", () => {
    const text = removalDetail(preview());
    assert.equal(
      text,
      [
        'The repository stays untouched: /code/demo',
        '',
        'Sessions (2), with their events, artifacts and logs:',
        '  aaaa1111 completed — add a parser (2 UNCOMMITTED files lost)',
        '  bbbb2222 archived — look around',
        'Worktrees (1):',
        '  /wt/demo/s1',
        'Session branches (1), deleted only with "Remove with Branches":',
        '  switchboard/demo/demo/aaaa1111',
        'Events: 55',
      ].join('\n'),
    );
    assert.equal(liveSessionsText(preview()), null);
    const live = liveSessionsText(preview({ liveSessions: [{ sessionId: 's3', shortId: 'cccc3333', title: 'still going', state: 'waiting_for_user' }] }));
    assert.equal(live, '"Demo" has 1 live session. Stop it (or let it finish), then remove the project.\n\n  cccc3333 waiting for user — still going');
    const many = removalDetail(preview({ worktrees: Array.from({ length: 11 }, (_, i) => `/wt/${i}`) }));
    assert.match(many, /^ {2}\/wt\/7\n {2}… and 3 more$/m);
  });

  it('takes a removed project and whatever is left of its sessions off the tree', () => {
    const m = new SessionTreeModel();
    m.startLoading();
    m.finishLoading([makeProject({ id: 'p1', name: 'gone' }), makeProject({ id: 'p2', name: 'stays' })], [makeSession({ id: 's1', projectId: 'p1', state: 'archived' }), makeSession({ id: 's2', projectId: 'p2' })]);
    const touched: (Set<string> | 'all')[] = [];
    m.onDidChange((c) => touched.push(c.projects));
    m.applyEvent({ seq: 9, type: 'project.removed', sessionId: null, projectId: 'p1', time: new Date().toISOString(), payload: { project: makeProject({ id: 'p1' }), sessionsRemoved: 1, worktreesRemoved: [], branchesDeleted: [] } });
    assert.deepEqual(m.projects().map((p) => p.id), ['p2']);
    assert.equal(m.session('s1'), undefined);
    assert.equal(m.counts().archived, 0);
    assert.deepEqual(touched, [new Set(['p1'])]);
    m.applyEvent({ seq: 10, type: 'project.removed', sessionId: null, projectId: 'p1', time: new Date().toISOString(), payload: {} });
    assert.equal(touched.length, 1, 'removing it again changes nothing');
  });
});
