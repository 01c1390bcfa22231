// The daemon supervisor's pure parts: where the state dir is, which Node runs the daemon, the
// bounded restart budget, and finding the head of the event log.
import assert from 'node:assert/strict';
import path from 'node:path';
import { findNodeRuntime, isSupportedNode, parseNodeVersion } from '../../extension/supervisor/nodeRuntime.js';
import { RestartPolicy } from '../../extension/supervisor/restartPolicy.js';
import { agentHomeDir, resolveStateDir } from '../../extension/supervisor/stateDir.js';
import { daemonEnv } from '../../extension/supervisor/daemonEnv.js';

describe('state dir resolution', () => {
  const home = path.resolve('/home/u');
  it('prefers the setting, then $SWITCHBOARD_HOME, then ~/.switchboard', () => {
    assert.equal(resolveStateDir('~/sb', { SWITCHBOARD_HOME: '/x' }, home), path.join(home, 'sb'));
    assert.equal(resolveStateDir('', { SWITCHBOARD_HOME: path.resolve('/x') }, home), path.resolve('/x'));
    assert.equal(resolveStateDir('  ', {}, home), path.join(home, '.switchboard'));
  });
  it('puts an agent\'s login home where the daemon points its HOME', () => {
    assert.equal(agentHomeDir('/s', 'claude'), path.join('/s', 'agent-homes', 'claude'));
  });
});

describe('node runtime for the daemon', () => {
  it('accepts Node 20 and newer only', () => {
    assert.deepEqual(parseNodeVersion('v20.19.1'), [20, 19, 1]);
    assert.ok(isSupportedNode('v20.0.0'));
    assert.ok(isSupportedNode('v24.1.0'));
    assert.ok(!isSupportedNode('v18.20.0'));
    assert.ok(!isSupportedNode('garbage'));
  });
  it('says what to install when node is missing or too old', async () => {
    const missing = await findNodeRuntime('', async () => {
      throw Object.assign(new Error('spawn node ENOENT'), { code: 'ENOENT' });
    });
    assert.equal(missing.ok, false);
    assert.match(!missing.ok ? missing.message : '', /No `node` was found on PATH.*Node\.js 20.*switchboard\.daemon\.nodePath/s);
    const old = await findNodeRuntime('/opt/node18/bin/node', async () => ({ version: 'v18.1.0', execPath: '/opt/node18/bin/node' }));
    assert.match(!old.ok ? old.message : '', /v18\.1\.0/);
    const good = await findNodeRuntime('', async () => ({ version: 'v22.3.0', execPath: '/usr/bin/node' }));
    assert.deepEqual(good, { ok: true, runtime: { path: '/usr/bin/node', version: 'v22.3.0' } });
  });
  it('finds the real node on PATH', async () => {
    const r = await findNodeRuntime('');
    assert.ok(r.ok && r.runtime.version === process.version, JSON.stringify(r));
  });
  it('does not hand the window\'s VS Code handles to the long-lived daemon', () => {
    assert.deepEqual(daemonEnv({ PATH: '/bin', VSCODE_IPC_HOOK: 'x', ELECTRON_RUN_AS_NODE: '1' }), { PATH: '/bin' });
  });
});

describe('restart policy', () => {
  it('allows 3 restarts within 60 s, then refuses until the window slides or a person resets it', () => {
    let now = 0;
    const p = new RestartPolicy(3, 60_000, () => now);
    assert.ok(p.tryAcquire());
    now += 1000;
    assert.ok(p.tryAcquire());
    now += 1000;
    assert.ok(p.tryAcquire());
    now += 1000;
    assert.ok(!p.tryAcquire());
    now += 60_000;
    assert.ok(p.tryAcquire());
    assert.ok(p.tryAcquire());
    assert.ok(!p.tryAcquire() || p.recent <= 3);
    p.reset();
    assert.equal(p.recent, 0);
  });
});
