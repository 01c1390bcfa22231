import { strict as assert } from 'node:assert';
import { StorageError } from '../../daemon/storage/errors.js';
import { Store } from '../../daemon/storage/store.js';
import { aProject, aTemplate, tempDir, type TempDir } from './helpers.js';

describe('storage: projects', () => {
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

  it('stores a project and finds it by id, slug and repository path', () => {
    const p = aProject({ slug: 'web-app', name: 'Web App' });
    store.projects.insert(p);
    assert.deepEqual(store.projects.get(p.id), p);
    assert.deepEqual(store.projects.getBySlug('web-app'), p);
    assert.deepEqual(store.projects.getByRepoPath(p.repoPath), p);
    assert.equal(store.projects.get('nope'), null);
    assert.equal(store.projects.getBySlug('nope'), null);
  });

  it('lists projects by name', () => {
    store.projects.insert(aProject({ name: 'zeta' }));
    store.projects.insert(aProject({ name: 'Alpha' }));
    store.projects.insert(aProject({ name: 'beta' }));
    assert.deepEqual(store.projects.list().map((p) => p.name), ['Alpha', 'beta', 'zeta']);
  });

  it('updates only the given fields and returns the stored project', () => {
    const p = aProject();
    store.projects.insert(p);
    const updated = store.projects.update(p.id, { name: 'Renamed', updatedAt: '2026-02-02T00:00:00.000Z' });
    assert.deepEqual(updated, { ...p, name: 'Renamed', updatedAt: '2026-02-02T00:00:00.000Z' });
    assert.deepEqual(store.projects.get(p.id), updated);
  });

  it('refuses a second project with the same slug, naming the field', () => {
    store.projects.insert(aProject({ slug: 'same' }));
    assert.throws(
      () => store.projects.insert(aProject({ slug: 'same' })),
      (e: unknown) => StorageError.is(e, 'conflict') && e.field === 'slug',
    );
  });

  it('refuses a second project on the same repository, naming the field', () => {
    const p = aProject();
    store.projects.insert(p);
    assert.throws(
      () => store.projects.insert(aProject({ repoPath: p.repoPath })),
      (e: unknown) => StorageError.is(e, 'conflict') && e.field === 'repoPath',
    );
  });

  it('refuses renaming a slug onto another project\'s slug', () => {
    store.projects.insert(aProject({ slug: 'taken' }));
    const p = aProject();
    store.projects.insert(p);
    assert.throws(
      () => store.projects.update(p.id, { slug: 'taken', updatedAt: p.updatedAt }),
      (e: unknown) => StorageError.is(e, 'conflict') && e.field === 'slug',
    );
    assert.equal(store.projects.get(p.id)?.slug, p.slug);
  });

  it('reports not_found when updating a project that does not exist', () => {
    assert.throws(
      () => store.projects.update('ghost', { name: 'x', updatedAt: 'now' }),
      (e: unknown) => StorageError.is(e, 'not_found'),
    );
  });

  it('refuses a duplicate id as a conflict on id', () => {
    const p = aProject();
    store.projects.insert(p);
    assert.throws(
      () => store.projects.insert(aProject({ id: p.id, slug: 'other', repoPath: '/elsewhere' })),
      (e: unknown) => StorageError.is(e, 'conflict') && e.field === 'id',
    );
  });
});

describe('storage: agent templates', () => {
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

  it('round-trips spawn and runtime JSON, the built-in flag and the npm package', () => {
    const t = aTemplate({
      name: 'claude',
      builtIn: true,
      npmPackage: '@zed-industries/claude-code-acp',
      runtime: { provider: 'docker', image: 'node:22', cpus: 2, memoryMb: 4096 },
    });
    assert.deepEqual(store.templates.upsert(t), t);
    assert.deepEqual(store.templates.get('claude'), t);
  });

  it('leaves npmPackage out when the template has none', () => {
    const t = aTemplate();
    store.templates.upsert(t);
    const got = store.templates.get(t.name);
    assert.ok(got);
    assert.equal('npmPackage' in got, false);
  });

  it('replaces a template of the same name but keeps its id and creation time', () => {
    const first = aTemplate({ name: 'custom' });
    store.templates.upsert(first);
    const second = aTemplate({
      name: 'custom',
      description: 'new',
      spawn: { command: 'other', args: [], env: {} },
      createdAt: '2030-01-01T00:00:00.000Z',
    });
    const stored = store.templates.upsert(second);
    assert.equal(stored.id, first.id);
    assert.equal(stored.createdAt, first.createdAt);
    assert.equal(stored.description, 'new');
    assert.deepEqual(stored.spawn, second.spawn);
    assert.equal(store.templates.list().length, 1);
  });

  it('lists built-ins first, then by name, and deletes by name', () => {
    store.templates.upsert(aTemplate({ name: 'zz-custom' }));
    store.templates.upsert(aTemplate({ name: 'demo', builtIn: true }));
    store.templates.upsert(aTemplate({ name: 'aa-custom' }));
    assert.deepEqual(store.templates.list().map((t) => t.name), ['demo', 'aa-custom', 'zz-custom']);
    assert.equal(store.templates.delete('aa-custom'), true);
    assert.equal(store.templates.delete('aa-custom'), false);
    assert.equal(store.templates.get('aa-custom'), null);
  });
});
