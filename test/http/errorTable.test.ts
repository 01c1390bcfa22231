// Every typed error of the inner layers that reaches a route is answered through the one error
// table: its code and status, the field when it names one, and a plain 500 (message kept in the
// log) for the failures that are not the client's doing.
import assert from 'node:assert/strict';
import { ContainerError } from '../../daemon/containers/errors.js';
import { ROUTES } from '../../daemon/protocol/routes.js';
import { StorageError } from '../../daemon/storage/errors.js';
import { GitError } from '../../daemon/worktrees/gitError.js';
import { errorOf, httpRequest, startHarness, type Harness } from './harness.js';

/** What `listProjects` throws next, set by each test. */
let next: Error = new Error('unset');

describe('domain errors through the one error table', () => {
  let h: Harness;

  before(async () => {
    h = await startHarness({
      handlers: {
        listProjects: () => {
          throw next;
        },
      },
    });
  });
  after(() => h.close());

  async function answerTo(err: Error) {
    next = err;
    const r = await httpRequest(h.port, { path: ROUTES.listProjects.path, token: h.token });
    return { status: r.status, error: errorOf(r), details: (r.json as { error: { details?: Record<string, unknown> } }).error.details };
  }

  const cases: Array<{ err: StorageError | GitError | ContainerError; status: number; code: string; field?: string; reason?: string }> = [
    { err: new StorageError('conflict', 'projects: slug already exists', 'slug'), status: 409, code: 'conflict', field: 'slug' },
    { err: new StorageError('busy', 'the database is locked'), status: 503, code: 'unavailable' },
    { err: new GitError('ref_not_found', 'nope does not name a commit'), status: 400, code: 'invalid_request' },
    { err: new GitError('not_a_repository', '/gone does not exist or is not a directory'), status: 400, code: 'not_a_repository' },
    { err: new GitError('verify_failed', 'the worktree is not on its branch'), status: 500, code: 'git_failed' },
    { err: new ContainerError('engine_unreachable', 'no Docker engine at the default socket'), status: 503, code: 'unavailable', reason: 'engine_unreachable' },
    { err: new ContainerError('not_found', 'no computer container'), status: 404, code: 'not_found', reason: 'not_found' },
  ];
  for (const c of cases) {
    it(`${c.err.name} ${c.err.reason} answers ${c.status} ${c.code}`, async () => {
      const a = await answerTo(c.err);
      assert.equal(a.status, c.status);
      assert.equal(a.error.code, c.code);
      assert.equal(a.error.message, c.err.message);
      assert.equal(a.error.field, c.field);
      assert.equal(a.details?.reason, c.reason);
    });
  }

  it('answers a storage failure that is not the client\'s doing with a plain 500 that hides its message', async () => {
    const a = await answerTo(new StorageError('corrupt', 'the database file /secret/state/switchboard.db is damaged'));
    assert.equal(a.status, 500);
    assert.equal(a.error.code, 'internal');
    assert.doesNotMatch(a.error.message, /secret/);
  });
});
