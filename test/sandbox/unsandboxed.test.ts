// Where no sandbox can be made (bwrap missing), `auto` runs the agent unsandboxed and says so on
// the session (sessions show --json, an event, the tree and the chat read it), and a template that
// asks for `sandbox: bwrap` fails with a message naming the package to install.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI_BUNDLE, DaemonProcess, makeRepo, tempDir } from '../support/daemonHarness.js';
import { nextTurnEvents, requireBwrap } from '../support/sandboxSupport.js';

describe('sandbox: bwrap absent', function () {
  this.timeout(60_000);
  let daemon: DaemonProcess;
  before(async function () {
    // A bwrap path with nothing there stands for a machine without the package.
    daemon = await DaemonProcess.start({ env: { SWITCHBOARD_BWRAP: path.join(tempDir('nobwrap'), 'bwrap') } });
    await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'nb' } });
  });
  after(async () => daemon?.stop());

  it('auto: the session runs, marked unsandboxed in sessions show --json and in a warning event', async function () {
    const since = (await daemon.client.api.health()).lastSeq;
    const { session } = await daemon.client.api.createSession({ body: { project: 'nb', agent: 'demo', action: 'implement', prompt: 'think' } });
    const events = await nextTurnEvents(daemon, session.id, since);
    const warning = events.find((e) => e.type === 'log' && (e.payload as { level: string }).level === 'warn');
    assert.match((warning?.payload as { message: string } | undefined)?.message ?? '', /UNSANDBOXED.*bubblewrap/);
    const started = events.find((e) => e.type === 'agent.started');
    assert.equal((started?.payload as { isolation?: { kind: string } }).isolation?.kind, 'none');
    const shown = spawnSync(process.execPath, [CLI_BUNDLE, '--home', daemon.home, 'sessions', 'show', session.shortId, '--json'], { encoding: 'utf8' });
    assert.equal(shown.status, 0, shown.stderr);
    const isolation = (JSON.parse(shown.stdout) as { isolation: { kind: string; detail: string } }).isolation;
    assert.equal(isolation.kind, 'none');
    assert.match(isolation.detail, /^UNSANDBOXED: .*install the package "bubblewrap"/);
  });

  it('sandbox: bwrap fails the session with a message naming the bubblewrap package', async function () {
    await daemon.client.api.addAgent({ body: { name: 'demo-strict', command: process.execPath, args: [path.join(path.dirname(CLI_BUNDLE), 'demo-agent.cjs')], runtime: { provider: 'local', sandbox: 'bwrap' } } });
    const { session } = await daemon.client.api.createSession({ body: { project: 'nb', agent: 'demo-strict', action: 'implement', prompt: 'think' } });
    assert.equal(await daemon.waitForState(session.id, ['failed', 'completed']), 'failed');
    const s = (await daemon.client.api.getSession({ params: { id: session.id } })).session;
    assert.equal(s.stateReason, 'agent_start_failed');
    assert.match(s.stateDetail ?? '', /sandbox "bwrap" was asked for, but bwrap is not installed .*"bubblewrap"/);
  });
});

describe('sandbox: an agent that lives under /tmp (private inside the sandbox)', function () {
  this.timeout(60_000);
  let daemon: DaemonProcess;
  after(async () => daemon?.stop());

  it('still starts: the folders its command line names are shown again, read-only', async function () {
    await requireBwrap(this);
    const bundle = path.join(tempDir('agent-under-tmp'), 'demo-agent.cjs');
    fs.copyFileSync(path.join(path.dirname(CLI_BUNDLE), 'demo-agent.cjs'), bundle);
    daemon = await DaemonProcess.start({ env: { SWITCHBOARD_SANDBOX: 'bwrap' } });
    await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'tmpagent' } });
    await daemon.client.api.addAgent({ body: { name: 'demo-under-tmp', command: process.execPath, args: [bundle] } });
    const { session } = await daemon.client.api.createSession({ body: { project: 'tmpagent', agent: 'demo-under-tmp', action: 'implement', prompt: 'think' } });
    assert.equal(await daemon.waitForState(session.id, ['completed', 'failed']), 'completed');
    assert.equal((await daemon.client.api.getSession({ params: { id: session.id } })).session.isolation?.kind, 'bwrap');
  });
});
