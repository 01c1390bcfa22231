import { strict as assert } from 'node:assert';
import type { Project } from '../../daemon/protocol/entities.js';
import { StorageError } from '../../daemon/storage/errors.js';
import { Store } from '../../daemon/storage/store.js';
import { aPermissionRequest, aProject, aSession, aTurn, anArtifact, tempDir, type TempDir } from './helpers.js';

describe('storage: sessions', () => {
  let tmp: TempDir;
  let store: Store;
  let project: Project;
  beforeEach(() => {
    tmp = tempDir();
    store = Store.open(tmp.file());
    project = store.projects.insert(aProject());
  });
  afterEach(() => {
    store.close();
    tmp.remove();
  });

  it('round-trips every field, including JSON columns and nulls', () => {
    const full = aSession(project.id, {
      model: 'opus',
      scopePath: 'src/',
      state: 'waiting_for_user',
      stateReason: 'auth_required',
      stateDetail: 'log in first',
      permissionPolicy: 'allow-reads',
      readOnly: true,
      worktreePath: '/w/x',
      branch: 'switchboard/demo/p/abc',
      baseCommit: 'a'.repeat(40),
      acpSessionId: 'acp-1',
      runtimeHandle: 'pid:123',
      agentCapabilities: { loadSession: true, promptCapabilities: { image: false } },
      authMethods: [{ id: 'login', name: 'Log in', description: null, terminalCommand: ['claude', 'login'] }],
      exitCode: 0,
      endedAt: '2026-01-01T01:00:00.000Z',
    });
    const bare = aSession(project.id);
    store.sessions.insert(full);
    store.sessions.insert(bare);
    assert.deepEqual(store.sessions.get(full.id), full);
    assert.deepEqual(store.sessions.get(bare.id), bare);
    assert.equal(store.sessions.get('nope'), null);
  });

  it('writes only the patched fields and returns the updated session', () => {
    const s = aSession(project.id);
    store.sessions.insert(s);
    const updated = store.sessions.update(s.id, {
      state: 'running',
      agentCapabilities: { loadSession: false },
      authMethods: [{ id: 'a', name: 'A' }],
      updatedAt: '2026-03-03T00:00:00.000Z',
    });
    assert.deepEqual(updated, {
      ...s,
      state: 'running',
      agentCapabilities: { loadSession: false },
      authMethods: [{ id: 'a', name: 'A' }],
      updatedAt: '2026-03-03T00:00:00.000Z',
    });
    // Setting a nullable field back to null is a change, not an omission.
    assert.equal(store.sessions.update(s.id, { agentCapabilities: null }).agentCapabilities, null);
    // An empty patch changes nothing and still returns the session.
    assert.deepEqual(store.sessions.update(s.id, {}), store.sessions.get(s.id));
  });

  it('stores the optional review flags and isolation, and leaves them off a session that has none', () => {
    const flagged = aSession(project.id, {
      checkpointPolicy: 'none',
      drift: { expectedBranch: 'switchboard/a', actualBranch: null, head: null, detectedAt: '2026-01-02T00:00:00.000Z' },
      merged: { how: 'squash', into: 'main', commit: 'b'.repeat(40), at: '2026-01-03T00:00:00.000Z' },
      isolation: { kind: 'bwrap', detail: 'sandboxed' },
    });
    store.sessions.insert(flagged);
    assert.deepEqual(store.sessions.get(flagged.id), flagged);
    // The default policy and a cleared drift read back as absent, the way a session without them was written.
    const cleared = store.sessions.update(flagged.id, { checkpointPolicy: 'per-turn', drift: null });
    assert.equal('checkpointPolicy' in cleared, false);
    assert.equal('drift' in cleared, false);
    assert.deepEqual(cleared.merged, flagged.merged);
    const bare = store.sessions.insert(aSession(project.id));
    const read = store.sessions.get(bare.id);
    assert.ok(read);
    for (const field of ['checkpointPolicy', 'drift', 'merged', 'isolation']) assert.equal(field in read, false, field);
  });

  it('reports not_found when updating a session that does not exist', () => {
    assert.throws(() => store.sessions.update('ghost', { state: 'running' }), (e: unknown) => StorageError.is(e, 'not_found'));
  });

  it('refuses a session for a project that does not exist', () => {
    assert.throws(
      () => store.sessions.insert(aSession('no-such-project')),
      (e: unknown) => StorageError.is(e, 'invalid_reference'),
    );
  });

  it('resolves a short-id prefix only when it names one session', () => {
    store.sessions.insert(aSession(project.id, { id: 's1', shortId: 'abc123' }));
    store.sessions.insert(aSession(project.id, { id: 's2', shortId: 'abd456' }));
    store.sessions.insert(aSession(project.id, { id: 's3', shortId: 'x%_y' }));
    assert.equal(store.sessions.getByShortIdPrefix('abc')?.id, 's1');
    assert.equal(store.sessions.getByShortIdPrefix('abc123')?.id, 's1');
    assert.equal(store.sessions.getByShortIdPrefix('ab'), null, 'ambiguous');
    assert.deepEqual(store.sessions.listByShortIdPrefix('ab').map((s) => s.id).sort(), ['s1', 's2']);
    assert.equal(store.sessions.getByShortIdPrefix('zzz'), null);
    assert.equal(store.sessions.getByShortIdPrefix(''), null);
    // LIKE wildcards in the input are plain characters.
    assert.equal(store.sessions.getByShortIdPrefix('x%')?.id, 's3');
    assert.equal(store.sessions.getByShortIdPrefix('%'), null);
  });

  it('lists newest first, filtered by project and state, with archived sessions hidden unless asked', () => {
    const other = store.projects.insert(aProject());
    const mk = (n: number, projectId: string, state: 'running' | 'completed' | 'archived' | 'deleted') =>
      store.sessions.insert(
        aSession(projectId, { id: `s${n}`, state, createdAt: `2026-01-01T00:00:${String(n).padStart(2, '0')}.000Z` }),
      );
    mk(1, project.id, 'running');
    mk(2, project.id, 'completed');
    mk(3, project.id, 'archived');
    mk(4, other.id, 'running');
    mk(5, project.id, 'deleted');
    const ids = (xs: { id: string }[]) => xs.map((s) => s.id);
    assert.deepEqual(ids(store.sessions.list()), ['s4', 's2', 's1']);
    assert.deepEqual(ids(store.sessions.list({ includeArchived: true })), ['s4', 's3', 's2', 's1']);
    assert.deepEqual(ids(store.sessions.list({ projectId: project.id })), ['s2', 's1']);
    assert.deepEqual(ids(store.sessions.list({ states: ['running'] })), ['s4', 's1']);
    assert.deepEqual(ids(store.sessions.list({ states: ['archived'] })), ['s3']);
    assert.deepEqual(ids(store.sessions.list({ projectId: project.id, states: ['running', 'completed'] })), ['s2', 's1']);
    assert.deepEqual(ids(store.sessions.list({ limit: 2 })), ['s4', 's2']);
    assert.deepEqual(ids(store.sessions.list({ limit: 2, offset: 2 })), ['s1']);
    assert.deepEqual(ids(store.sessions.list({ offset: 1 })), ['s2', 's1']);
    assert.deepEqual(ids(store.sessions.list({ states: [] })), []);
  });

  it('counts sessions per state with zeros for empty states, and lists the active ones', () => {
    store.sessions.insert(aSession(project.id, { id: 'a', state: 'created' }));
    store.sessions.insert(aSession(project.id, { id: 'b', state: 'running' }));
    store.sessions.insert(aSession(project.id, { id: 'c', state: 'running' }));
    store.sessions.insert(aSession(project.id, { id: 'd', state: 'waiting_for_user' }));
    store.sessions.insert(aSession(project.id, { id: 'e', state: 'completed' }));
    assert.deepEqual(store.sessions.countByState(), {
      queued: 0,
      created: 1,
      running: 2,
      waiting_for_user: 1,
      completed: 1,
      failed: 0,
      stopped: 0,
      archived: 0,
      deleted: 0,
    });
    assert.deepEqual(store.sessions.listActive().map((s) => s.id).sort(), ['a', 'b', 'c', 'd']);
  });

  it('deletes a session together with its turns and permission requests', () => {
    const s = store.sessions.insert(aSession(project.id));
    const t = store.turns.insert(aTurn(s.id, 0));
    store.permissions.insert(aPermissionRequest(s.id, { turnId: t.id }));
    assert.equal(store.sessions.delete(s.id), true);
    assert.equal(store.sessions.get(s.id), null);
    assert.deepEqual(store.turns.listBySession(s.id), []);
    assert.deepEqual(store.permissions.listBySession(s.id), []);
    assert.equal(store.sessions.delete(s.id), false);
  });
});

describe('storage: turns', () => {
  let tmp: TempDir;
  let store: Store;
  let sessionId: string;
  beforeEach(() => {
    tmp = tempDir();
    store = Store.open(tmp.file());
    const p = store.projects.insert(aProject());
    sessionId = store.sessions.insert(aSession(p.id)).id;
  });
  afterEach(() => {
    store.close();
    tmp.remove();
  });

  it('numbers turns from 0 and lists them in prompt order', () => {
    assert.equal(store.turns.nextIndex(sessionId), 0);
    store.turns.insert(aTurn(sessionId, 1));
    store.turns.insert(aTurn(sessionId, 0));
    assert.equal(store.turns.nextIndex(sessionId), 2);
    assert.deepEqual(store.turns.listBySession(sessionId).map((t) => t.index), [0, 1]);
  });

  it('round-trips a finished turn with its stop reason and error', () => {
    const t = aTurn(sessionId, 0, {
      state: 'done',
      stopReason: 'end_turn',
      error: 'agent said no',
      startedAt: '2026-01-01T00:00:05.000Z',
      endedAt: '2026-01-01T00:00:09.000Z',
    });
    store.turns.insert(t);
    assert.deepEqual(store.turns.get(t.id), t);
    assert.equal(store.turns.get('nope'), null);
  });

  it('runs queued turns in order: the running one, then the oldest queued', () => {
    const t0 = store.turns.insert(aTurn(sessionId, 0));
    const t1 = store.turns.insert(aTurn(sessionId, 1));
    assert.equal(store.turns.running(sessionId), null);
    assert.equal(store.turns.nextQueued(sessionId)?.id, t0.id);
    const started = store.turns.update(t0.id, { state: 'running', startedAt: '2026-01-01T00:01:00.000Z' });
    assert.deepEqual(started, { ...t0, state: 'running', startedAt: '2026-01-01T00:01:00.000Z' });
    assert.equal(store.turns.running(sessionId)?.id, t0.id);
    assert.equal(store.turns.nextQueued(sessionId)?.id, t1.id);
    store.turns.update(t0.id, { state: 'done', stopReason: 'end_turn' });
    store.turns.update(t1.id, { state: 'done' });
    assert.equal(store.turns.nextQueued(sessionId), null);
    assert.equal(store.turns.running(sessionId), null);
  });

  it('refuses a second turn with the same index in a session', () => {
    store.turns.insert(aTurn(sessionId, 0));
    assert.throws(
      () => store.turns.insert(aTurn(sessionId, 0)),
      (e: unknown) => StorageError.is(e, 'conflict') && e.field === 'sessionId,index',
    );
  });

  it('refuses a turn for a session that does not exist', () => {
    assert.throws(() => store.turns.insert(aTurn('ghost', 0)), (e: unknown) => StorageError.is(e, 'invalid_reference'));
  });
});

describe('storage: permission requests', () => {
  let tmp: TempDir;
  let store: Store;
  let sessionId: string;
  beforeEach(() => {
    tmp = tempDir();
    store = Store.open(tmp.file());
    const p = store.projects.insert(aProject());
    sessionId = store.sessions.insert(aSession(p.id)).id;
  });
  afterEach(() => {
    store.close();
    tmp.remove();
  });

  it('round-trips the tool call and options JSON', () => {
    const turn = store.turns.insert(aTurn(sessionId, 0));
    const r = aPermissionRequest(sessionId, { turnId: turn.id });
    store.permissions.insert(r);
    assert.deepEqual(store.permissions.get(r.id), r);
    assert.equal(store.permissions.get('nope'), null);
  });

  it('records an answer and filters a session\'s requests by state', () => {
    const a = store.permissions.insert(aPermissionRequest(sessionId, { createdAt: '2026-01-01T00:00:01.000Z' }));
    const b = store.permissions.insert(aPermissionRequest(sessionId, { createdAt: '2026-01-01T00:00:02.000Z' }));
    const answered = store.permissions.update(a.id, {
      state: 'answered',
      chosenOptionId: 'allow',
      answeredBy: 'user',
      answeredAt: '2026-01-01T00:00:03.000Z',
    });
    assert.deepEqual(answered, { ...a, state: 'answered', chosenOptionId: 'allow', answeredBy: 'user', answeredAt: '2026-01-01T00:00:03.000Z' });
    assert.deepEqual(store.permissions.listBySession(sessionId).map((r) => r.id), [a.id, b.id]);
    assert.deepEqual(store.permissions.listBySession(sessionId, 'pending').map((r) => r.id), [b.id]);
    assert.deepEqual(store.permissions.listBySession(sessionId, 'answered').map((r) => r.id), [a.id]);
  });

  it('lists pending requests across sessions, oldest first', () => {
    const p = store.projects.insert(aProject());
    const other = store.sessions.insert(aSession(p.id)).id;
    const late = store.permissions.insert(aPermissionRequest(sessionId, { createdAt: '2026-01-01T00:00:09.000Z' }));
    const early = store.permissions.insert(aPermissionRequest(other, { createdAt: '2026-01-01T00:00:01.000Z' }));
    const done = store.permissions.insert(aPermissionRequest(other, { createdAt: '2026-01-01T00:00:05.000Z' }));
    store.permissions.update(done.id, { state: 'cancelled', answeredBy: 'system' });
    assert.deepEqual(store.permissions.listPending().map((r) => r.id), [early.id, late.id]);
  });
});

describe('storage: artifacts', () => {
  let tmp: TempDir;
  let store: Store;
  beforeEach(() => {
    tmp = tempDir();
    store = Store.open(tmp.file());
  });
  afterEach(() => {
    store.close();
    tmp.remove();
  });

  it('keeps many artifacts of one kind per turn and lists them by session or project', () => {
    const a1 = store.artifacts.insert(anArtifact('s1', 'p1', { kind: 'file', turnIndex: 0, path: '/a/1' }));
    const a2 = store.artifacts.insert(anArtifact('s1', 'p1', { kind: 'file', turnIndex: 0, path: '/a/2' }));
    const a3 = store.artifacts.insert(anArtifact('s2', 'p1', { kind: 'diff', turnIndex: null, size: 0 }));
    const b1 = store.artifacts.insert(anArtifact('s3', 'p2'));
    assert.deepEqual(store.artifacts.list({ sessionId: 's1' }), [a1, a2]);
    assert.deepEqual(store.artifacts.list({ projectId: 'p1' }), [a1, a2, a3]);
    assert.deepEqual(store.artifacts.list(), [a1, a2, a3, b1]);
    assert.deepEqual(store.artifacts.get(a3.id), a3);
  });

  it('deletes a session\'s artifacts and no others', () => {
    store.artifacts.insert(anArtifact('s1', 'p1'));
    store.artifacts.insert(anArtifact('s1', 'p1'));
    const keep = store.artifacts.insert(anArtifact('s2', 'p1'));
    assert.equal(store.artifacts.deleteBySession('s1'), 2);
    assert.deepEqual(store.artifacts.list(), [keep]);
  });
});
