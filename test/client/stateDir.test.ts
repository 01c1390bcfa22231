// One rule for where a daemon lives, whoever computes it: client/ (the CLI and every window) and
// the daemon's own `--home` handling, which cannot import client/ and so keeps its own copy.
import assert from 'node:assert/strict';
import path from 'node:path';
import { daemonOutPath, discoveryPath, resolveHome } from '../../client/stateDir.js';
import { resolveHome as daemonResolveHome } from '../../daemon/system/stateDir.js';

const userHome = path.resolve('/users/ada');
const cwd = path.resolve('/projects/here');

describe('client: choosing the state dir', () => {
  it('prefers the flag over $SWITCHBOARD_HOME over ~/.switchboard', () => {
    const env = { SWITCHBOARD_HOME: path.resolve('/from/env') };
    assert.equal(resolveHome({ flag: 'state', env, cwd, userHome }), path.join(cwd, 'state'));
    assert.equal(resolveHome({ flag: undefined, env, cwd, userHome }), path.resolve('/from/env'));
    assert.equal(resolveHome({ flag: '', env: {}, cwd, userHome }), path.join(userHome, '.switchboard'));
  });

  it('expands a leading ~ in $SWITCHBOARD_HOME and in the flag (the CLI used to take it literally)', () => {
    assert.equal(resolveHome({ env: { SWITCHBOARD_HOME: '~/sb' }, cwd, userHome }), path.join(userHome, 'sb'));
    assert.equal(resolveHome({ env: { SWITCHBOARD_HOME: '~' }, cwd, userHome }), userHome);
    assert.equal(resolveHome({ flag: '~/other', env: {}, cwd, userHome }), path.join(userHome, 'other'));
    // Only a leading `~/` means the user's home; `~name` and a `~` inside are plain names.
    assert.equal(resolveHome({ env: { SWITCHBOARD_HOME: '~bob/sb' }, cwd, userHome }), path.join(cwd, '~bob', 'sb'));
  });

  it('resolves every input exactly as the daemon resolves its own --home', () => {
    const inputs: Array<{ flag?: string; env: Record<string, string> }> = [
      { env: {} },
      { flag: '', env: {} },
      { flag: '   ', env: { SWITCHBOARD_HOME: '~/sb' } },
      { flag: 'rel/state', env: { SWITCHBOARD_HOME: '/ignored' } },
      { flag: path.resolve('/abs/state'), env: {} },
      { flag: '~', env: {} },
      { flag: '~/flag', env: { SWITCHBOARD_HOME: '~/env' } },
      { env: { SWITCHBOARD_HOME: '' } },
      { env: { SWITCHBOARD_HOME: '  ' } },
      { env: { SWITCHBOARD_HOME: '~' } },
      { env: { SWITCHBOARD_HOME: '~/sb' } },
      { env: { SWITCHBOARD_HOME: '~bob/sb' } },
      { env: { SWITCHBOARD_HOME: 'relative' } },
      { env: { SWITCHBOARD_HOME: '../up' } },
      { env: { SWITCHBOARD_HOME: path.resolve('/abs/env') } },
    ];
    for (const { flag, env } of inputs) {
      const daemon = daemonResolveHome({ argv: flag !== undefined ? ['--home', flag] : [], env, userHome, cwd });
      assert.equal(resolveHome({ flag, env, cwd, userHome }), daemon, JSON.stringify({ flag, env }));
    }
  });

  it('knows where the discovery file and the detached daemon\'s output are', () => {
    assert.equal(discoveryPath('/s'), path.join('/s', 'daemon.json'));
    assert.equal(daemonOutPath('/s'), path.join('/s', 'logs', 'daemon.out'));
  });
});
