// The CLI's view of admission control against the real daemon and the demo agent: `admission`
// shows the cap, the memory floor, what runs and what waits with positions; `--max-agents` and
// `--memory-floor-mb` change the limits at once; `sessions list` says `queued #N`.
import assert from 'node:assert/strict';
import type { Session } from '../../daemon/protocol/entities.js';
import type { AdmissionSnapshot } from '../../daemon/protocol/fleetEntities.js';
import { admissionText } from '../../cli/commands/admissionCommands.js';
import { stateCell } from '../../cli/format.js';
import { CliRunner } from '../support/cliRunner.js';
import { DaemonProcess, makeRepo, until } from '../support/daemonHarness.js';

describe('CLI: admission', function () {
  this.timeout(90_000);
  let daemon: DaemonProcess;
  let cli: CliRunner;

  before(async function () {
    daemon = await DaemonProcess.start({ env: { SWITCHBOARD_MAX_AGENTS: '1', SWITCHBOARD_MEMORY_FLOOR_MB: '0' } });
    cli = new CliRunner(daemon.home);
    await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'fleet' } });
  });
  after(async () => daemon?.stop());

  it('shows the limits the daemon started with, and available memory', async () => {
    const out = await cli.ok('admission');
    assert.match(out, /^max agents:\s+1$/m, out);
    assert.match(out, /^memory floor:\s+none$/m);
    assert.match(out, /^available memory:\s+\d+ MiB$/m);
    assert.match(out, /^running:\s+0 of 1$/m);
    assert.match(out, /^queued:\s+0$/m);
  });

  it('changes the cap and the floor with --max-agents and --memory-floor-mb, and refuses a cap of 0', async () => {
    const out = await cli.ok('admission', '--max-agents', '3', '--memory-floor-mb', '128');
    assert.match(out, /^admission limits changed$/m);
    assert.match(out, /^max agents:\s+3$/m);
    assert.match(out, /^memory floor:\s+128 MiB$/m);
    const snap = await daemon.client.api.getAdmission();
    assert.deepEqual([snap.maxAgents, snap.memoryFloorMb], [3, 128]);
    const json = await cli.json<AdmissionSnapshot>('admission', '--max-agents', '1', '--memory-floor-mb', '0');
    assert.deepEqual([json.maxAgents, json.memoryFloorMb], [1, 0]);
    const bad = await cli.run('admission', '--max-agents', '0');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--max-agents must be a whole number of at least 1, not "0"/);
  });

  it('lists queued sessions with their positions behind a running one', async function () {
    const send = async (prompt: string) => (await cli.json<{ session: Session }>('send', 'demo', 'implement', 'fleet', '--prompt', prompt)).session;
    const holder = await send('slow 200 100');
    await until('the first session to hold the slot', async () => (await daemon.client.api.getAdmission()).running.includes(holder.id));
    const second = await send('hello');
    const third = await send('hello');
    await until('two sessions to queue', async () => (await daemon.client.api.getAdmission()).queue.length === 2);

    const list = await cli.ok('sessions', 'list');
    assert.match(list, new RegExp(`^${second.id}\\s+queued #1\\s`, 'm'), list);
    assert.match(list, new RegExp(`^${third.id}\\s+queued #2\\s`, 'm'));
    const shown = await cli.ok('admission');
    assert.match(shown, /^running:\s+1 of 1 \(\w+\)$/m, shown);
    assert.match(shown, /^queued:\s+2$/m);
    assert.match(shown, /^waiting for:\s+the cap of running agents$/m);
    assert.match(shown, new RegExp(`^#1\\s+${second.shortId}\\s`, 'm'));
    assert.match(shown, new RegExp(`^#2\\s+${third.shortId}\\s`, 'm'));

    // Raising the cap lets them start at once.
    await cli.ok('admission', '--max-agents', '3');
    await until('the queue to drain', async () => (await daemon.client.api.getAdmission()).queue.length === 0);
    await daemon.client.api.stopSession({ params: { id: holder.id } });
  });

  it('words a snapshot and a state cell without a daemon', () => {
    const snap: AdmissionSnapshot = {
      maxAgents: 2,
      memoryFloorMb: 512,
      running: ['s1', 's2'],
      queue: [{ sessionId: 's3', position: 1 }],
      availableMemoryMb: 4000,
      blockedBy: 'cap',
    };
    const titles = new Map([
      ['s1', { shortId: 'aaa1', title: 'one' }],
      ['s3', { shortId: 'ccc3', title: 'three' }],
    ]);
    const text = admissionText(snap, titles);
    assert.match(text, /^running:\s+2 of 2 \(aaa1, s2\)$/m);
    assert.match(text, /^#1\s+ccc3\s+three$/m);
    assert.equal(stateCell({ id: 's3', state: 'queued' }, new Map([['s3', 1]])), 'queued #1');
    assert.equal(stateCell({ id: 's4', state: 'queued' }, new Map()), 'queued');
    assert.equal(stateCell({ id: 's1', state: 'running' }, new Map()), 'running');
  });
});
