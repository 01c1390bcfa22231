import assert from 'node:assert/strict';
import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ensureStateDir, resolveHome, statePaths } from '../../daemon/system/stateDir.js';
import { tempHome } from './tempHome.js';

const posix = process.platform !== 'win32';

describe('the state directory', () => {
  describe('choosing it', () => {
    const userHome = path.resolve('/users/ada');
    const cwd = path.resolve('/projects/here');

    it('prefers --home over $SWITCHBOARD_HOME over ~/.switchboard', () => {
      const env = { SWITCHBOARD_HOME: path.resolve('/from/env') };
      assert.equal(resolveHome({ argv: ['--home', 'state'], env, userHome, cwd }), path.join(cwd, 'state'));
      assert.equal(resolveHome({ argv: ['--home=/abs/state'], env, userHome, cwd }), path.resolve('/abs/state'));
      assert.equal(resolveHome({ argv: ['--port', '1'], env, userHome, cwd }), path.resolve('/from/env'));
      assert.equal(resolveHome({ argv: [], env: {}, userHome, cwd }), path.join(userHome, '.switchboard'));
    });

    it('ignores an empty $SWITCHBOARD_HOME and expands a leading ~', () => {
      assert.equal(resolveHome({ argv: [], env: { SWITCHBOARD_HOME: '' }, userHome, cwd }), path.join(userHome, '.switchboard'));
      assert.equal(resolveHome({ argv: [], env: { SWITCHBOARD_HOME: '~/sb' }, userHome, cwd }), path.join(userHome, 'sb'));
    });
  });

  describe('creating it', () => {
    let home: Awaited<ReturnType<typeof tempHome>>;
    beforeEach(async () => {
      home = await tempHome();
    });
    afterEach(() => home.remove());

    it('creates the dir private (0700) with its folders', async function () {
      const dir = path.join(home.dir, 'nested', 'state');
      const paths = await ensureStateDir(dir);
      for (const d of [paths.home, paths.logsDir, paths.sessionLogsDir, paths.worktreesDir, paths.agentHomesDir, paths.artifactsDir]) {
        assert.ok((await stat(d)).isDirectory(), d);
      }
      if (posix) assert.equal((await stat(dir)).mode & 0o777, 0o700);
    });

    it('narrows an existing dir with a wider mode to 0700', async function () {
      if (!posix) this.skip();
      const dir = path.join(home.dir, 'state');
      await mkdir(dir);
      await chmod(dir, 0o755);
      await ensureStateDir(dir);
      assert.equal((await stat(dir)).mode & 0o777, 0o700);
    });
  });

  describe('its layout', () => {
    const home = path.resolve('/state');
    const p = statePaths(home);

    it('puts every file where the design says', () => {
      assert.equal(p.discovery, path.join(home, 'daemon.json'));
      assert.equal(p.lock, path.join(home, 'daemon.lock'));
      assert.equal(p.db, path.join(home, 'state.db'));
      assert.equal(p.daemonLog, path.join(home, 'logs', 'daemon.log'));
      assert.equal(p.sessionLog('ses_1'), path.join(home, 'logs', 'sessions', 'ses_1.log'));
      assert.equal(p.worktreesDir, path.join(home, 'worktrees'));
      assert.equal(p.agentHome('claude'), path.join(home, 'agent-homes', 'claude'));
      assert.equal(p.artifactDir('ses_1'), path.join(home, 'artifacts', 'ses_1'));
    });

    it('refuses ids that would escape their folder', () => {
      for (const bad of ['../x', '..', 'a/b', 'a\\b', '', '.hidden', 'x..y']) {
        assert.throws(() => p.sessionLog(bad), /invalid session id/, bad);
        assert.throws(() => p.artifactDir(bad), /invalid session id/, bad);
        assert.throws(() => p.agentHome(bad), /invalid template name/, bad);
      }
    });
  });
});
