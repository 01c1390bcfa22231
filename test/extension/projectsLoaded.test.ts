// "Start Session" right after a window opened (a fresh `npm start`): the daemon may still be
// starting and the Sessions view's snapshot not in yet. Choosing the project waits for it — with a
// progress notification once that lasts more than a moment, bounded — instead of saying "No
// project is registered", and a daemon that never answers ends the wait with an error saying what
// to do. Against a real daemon, fed to the model by the real ModelSync through the window's
// connection in miniature (the real one needs VS Code).
import assert from 'node:assert/strict';
import type { SwitchboardClient } from '../../daemon/protocol/client.js';
import type { DaemonConnection, DaemonEvent, DaemonState } from '../../extension/daemonConnection.js';
import { ModelSync } from '../../extension/connection/modelSync.js';
import { LOADING_PROJECTS_TITLE, loadedProjects } from '../../extension/model/projectsLoaded.js';
import { SessionTreeModel } from '../../extension/model/sessionTreeModel.js';
import { Emitter } from '../../extension/util/emitter.js';
import { silentLogger } from '../../extension/util/logger.js';
import { DaemonProcess, makeRepo, until } from '../support/daemonHarness.js';

/** The window's connection in miniature: `starting` until the test says the daemon is up. */
class WindowConnection implements DaemonConnection {
  state: DaemonState = 'starting';
  client: SwitchboardClient | null = null;
  readonly discovery = null;
  readonly stateDir: string;
  readonly lastSeq = 0;
  readonly #state = new Emitter<DaemonState>();
  readonly onDidChangeState = this.#state.event;
  readonly onEvent = new Emitter<DaemonEvent>().event;
  readonly onDidGoLive = new Emitter<number>().event;
  readonly onDidReset = new Emitter<void>().event;

  constructor(stateDir: string) {
    this.stateDir = stateDir;
  }

  up(client: SwitchboardClient): void {
    this.client = client;
    this.state = 'up';
    this.#state.fire('up');
  }

  /** As LiveConnection.whenUp: the client once up, else why not after `timeoutMs`. */
  whenUp(timeoutMs = 30_000): Promise<SwitchboardClient> {
    if (this.client) return Promise.resolve(this.client);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error('the Switchboard daemon is not running'));
      }, timeoutMs);
      const sub = this.onDidChangeState(() => {
        if (!this.client) return;
        clearTimeout(timer);
        sub.dispose();
        resolve(this.client);
      });
    });
  }
}

/** The progress notifications shown, each with whether what it waited for has settled. */
function progressRecorder() {
  const shown: { title: string; settled: boolean }[] = [];
  const showProgress = (title: string, done: Promise<unknown>) => {
    const entry = { title, settled: false };
    shown.push(entry);
    void done.then(() => (entry.settled = true));
  };
  return { shown, showProgress };
}

describe('choosing a project before the Sessions view has loaded', function () {
  this.timeout(60_000);
  let daemon: DaemonProcess;
  const owned: { dispose(): void }[] = [];

  before(async () => {
    daemon = await DaemonProcess.start();
    await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'fresh-start' } });
  });

  afterEach(() => {
    for (const d of owned.splice(0)) d.dispose();
  });

  after(async () => {
    await daemon?.stop();
  });

  function windowOpening() {
    const connection = new WindowConnection(daemon.home);
    const model = new SessionTreeModel();
    owned.push(new ModelSync(connection, model, silentLogger));
    return { connection, model };
  }

  it('waits for the daemon and its snapshot, with progress once it takes a moment, then lists the project', async () => {
    const { connection, model } = windowOpening();
    const progress = progressRecorder();
    const projects = loadedProjects({ model, daemonUp: () => connection.whenUp(10_000), showProgress: progress.showProgress, progressAfterMs: 20 });
    // The daemon answers the window only after the progress notification is up.
    await until('the progress notification', () => progress.shown.length === 1);
    assert.equal(model.loaded, false);
    connection.up(daemon.client);
    assert.deepEqual((await projects).map((p) => p.slug), ['fresh-start']);
    assert.deepEqual(progress.shown.map((p) => p.title), [LOADING_PROJECTS_TITLE]);
    await until('the progress notification to close', () => progress.shown[0]!.settled);
  });

  it('answers at once, without progress, once the snapshot is in', async () => {
    const { connection, model } = windowOpening();
    connection.up(daemon.client);
    await until('the snapshot', () => model.loaded);
    const progress = progressRecorder();
    const projects = await loadedProjects({ model, daemonUp: () => connection.whenUp(10_000), showProgress: progress.showProgress, progressAfterMs: 0 });
    assert.deepEqual(projects.map((p) => p.slug), ['fresh-start']);
    assert.deepEqual(progress.shown, []);
  });

  it('a daemon that never answers ends the wait with an error saying what to do, and closes the progress', async () => {
    const { connection, model } = windowOpening();
    const progress = progressRecorder();
    const started = Date.now();
    await assert.rejects(
      loadedProjects({ model, daemonUp: () => connection.whenUp(300), showProgress: progress.showProgress, progressAfterMs: 20 }),
      /^Error: Cannot list Switchboard's projects: the daemon did not answer \(the Switchboard daemon is not running\)\. Use "Switchboard: Restart Daemon", and "Switchboard: Show Log" to see why\.$/,
    );
    assert.ok(Date.now() - started < 5_000, 'the wait is bounded by the daemon wait');
    assert.equal(progress.shown.length, 1);
    await until('the progress notification to close', () => progress.shown[0]!.settled);
  });

  it('a daemon that is up but never sends its projects ends the wait too', async () => {
    // Up, but nothing loads the model (no ModelSync): the snapshot never comes.
    const model = new SessionTreeModel();
    await assert.rejects(
      loadedProjects({ model, daemonUp: async () => daemon.client, showProgress: () => undefined, timeoutMs: 200 }),
      /the daemon is up but did not send them within 200 ms\. Use "Switchboard: Restart Daemon"/,
    );
  });

  it('an empty snapshot is a real "no project yet"', async () => {
    const empty = await DaemonProcess.start();
    try {
      const connection = new WindowConnection(empty.home);
      const model = new SessionTreeModel();
      owned.push(new ModelSync(connection, model, silentLogger));
      const projects = loadedProjects({ model, daemonUp: () => connection.whenUp(10_000), showProgress: () => undefined });
      connection.up(empty.client);
      assert.deepEqual(await projects, []);
      assert.equal(model.loaded, true);
    } finally {
      await empty.stop();
    }
  });
});

describe('the tree model\'s whenLoaded', () => {
  it('resolves true at a snapshot (not at other changes), false after the timeout', async () => {
    const model = new SessionTreeModel();
    const early = model.whenLoaded(10_000);
    model.clear(); // a change that is no snapshot
    model.startLoading();
    model.finishLoading([], []);
    assert.equal(await early, true);
    assert.equal(await model.whenLoaded(0), true, 'already loaded: at once');
    assert.equal(await new SessionTreeModel().whenLoaded(30), false);
  });
});
