// Through the real daemon and the demo agent: a writable session's worktree gets the ignored
// `.env` that `.worktreeinclude` names, reported as `worktree.prepared`; a broken config is a
// warning (file, key, line), not a failed session; a read-only session gets nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { narrowEvent } from '../../daemon/protocol/eventNarrowing.js';
import { DaemonProcess, git, makeRepo } from '../support/daemonHarness.js';

describe('worktree.prepared', function () {
  this.timeout(90_000);
  let daemon: DaemonProcess;
  before(async function () {
    daemon = await DaemonProcess.start();
  });
  after(async () => daemon?.stop());

  async function project(slug: string, config: string | null): Promise<string> {
    const files: Record<string, string> = { 'README.md': '# demo\n', '.gitignore': '.env\n', '.worktreeinclude': '.env\n' };
    if (config !== null) files['.switchboard/config.json'] = config;
    const repo = makeRepo(files);
    fs.writeFileSync(path.join(repo, '.env'), 'TOKEN=local\n');
    assert.equal(git(repo, 'check-ignore', '.env'), '.env');
    await daemon.client.api.addProject({ body: { path: repo, slug } });
    return repo;
  }

  async function prepared(sessionId: string) {
    const { events } = await daemon.client.api.listEvents({ query: { session: sessionId, type: 'worktree.prepared', limit: 1000 } });
    return events.map((e) => narrowEvent(e, 'worktree.prepared')?.payload);
  }

  async function logs(sessionId: string) {
    const { events } = await daemon.client.api.listEvents({ query: { session: sessionId, type: 'log', limit: 1000 } });
    return events.map((e) => narrowEvent(e, 'log')?.payload);
  }

  it('brings the ignored .env into the worktree and reports the counts', async function () {
    await project('prep', '{ "include": [] }\n');
    const { session } = await daemon.client.api.createSession({ body: { project: 'prep', agent: 'demo', action: 'implement', prompt: 'think' } });
    assert.ok(session.worktreePath);
    assert.equal(fs.readFileSync(path.join(session.worktreePath, '.env'), 'utf8'), 'TOKEN=local\n');
    const [payload, ...more] = await prepared(session.id);
    assert.equal(more.length, 0);
    assert.deepEqual(payload, {
      files: 1,
      bytes: 12,
      byMode: { copy: { files: 1, bytes: 12 }, reflink: { files: 0, bytes: 0, fellBack: false }, hardlink: { files: 0, bytes: 0, fellBack: false } },
      rules: 1,
      configError: null,
    });
    await daemon.waitForState(session.id, ['completed']);

    const { session: analysis } = await daemon.client.api.createSession({ body: { project: 'prep', agent: 'demo', action: 'analyze', prompt: 'think' } });
    assert.equal(analysis.worktreePath, null);
    assert.equal((await prepared(analysis.id)).length, 0, 'read-only sessions have no worktree to prepare');
    await daemon.waitForState(analysis.id, ['completed']);
  });

  it('takes the include rules of a config set through the API over the repository file', async function () {
    const repo = await project('override', null);
    fs.writeFileSync(path.join(repo, '.worktreeinclude'), '');
    fs.mkdirSync(path.join(repo, 'cache'));
    fs.writeFileSync(path.join(repo, 'cache', 'data.bin'), 'cached\n');
    fs.appendFileSync(path.join(repo, '.git', 'info', 'exclude'), 'cache/\n');
    assert.deepEqual(await daemon.client.api.getProjectConfig({ params: { project: 'override' } }), { source: 'none', config: null, error: null });
    await daemon.client.api.updateProject({ params: { project: 'override' }, body: { config: { include: [{ path: 'cache/', mode: 'hardlink' }] } } });
    const view = await daemon.client.api.getProjectConfig({ params: { project: 'override' } });
    assert.equal(view.source, 'override');
    assert.deepEqual(view.config?.include, [{ path: 'cache/', mode: 'hardlink' }]);
    const { session } = await daemon.client.api.createSession({ body: { project: 'override', agent: 'demo', action: 'implement', prompt: 'think' } });
    const [payload] = await prepared(session.id);
    assert.equal(payload?.byMode.hardlink.files, 1);
    assert.equal(fs.statSync(path.join(session.worktreePath!, 'cache', 'data.bin')).ino, fs.statSync(path.join(repo, 'cache', 'data.bin')).ino);
    await daemon.waitForState(session.id, ['completed']);
  });

  it('runs a session despite a broken config, warning with file, key and line', async function () {
    await project('broken', '{\n  "include": [".env"],\n  "setpu": ["npm ci"]\n}\n');
    const { session } = await daemon.client.api.createSession({ body: { project: 'broken', agent: 'demo', action: 'implement', prompt: 'think' } });
    const [payload] = await prepared(session.id);
    assert.match(payload?.configError ?? '', /^\.switchboard\/config\.json:3: setpu: /);
    assert.equal(payload?.files, 1, '.worktreeinclude still applies');
    const warnings = await logs(session.id);
    assert.ok(warnings.some((w) => w?.level === 'warn' && w.message.includes('.switchboard/config.json:3: setpu')), JSON.stringify(warnings));
    await daemon.waitForState(session.id, ['completed']);
  });
});
