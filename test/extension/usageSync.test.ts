// The Sessions view's usage against a real daemon and the real demo agent (which reports a cost
// per turn): after a turn ends the session is read again (the daemon records usage without a
// `session.updated`), and each project's cost today is the daemon's own roll-up, read again when
// a turn ends or the project's budget changes.
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { EventStream, type WebSocketLikeConstructor } from '../../daemon/protocol/eventStream.js';
import { SessionTreeModel } from '../../extension/model/sessionTreeModel.js';
import { projectCostText } from '../../extension/model/usagePresentation.js';
import { UsageSync, utcDay } from '../../extension/model/usageSync.js';
import type { DaemonEvent, DaemonState } from '../../extension/daemonConnection.js';
import { Emitter } from '../../extension/util/emitter.js';
import { silentLogger } from '../../extension/util/logger.js';
import { DaemonProcess, makeRepo, until } from '../support/daemonHarness.js';

describe('usage in the Sessions view, from a real daemon', function () {
  this.timeout(60_000);
  let daemon: DaemonProcess;
  let stream: EventStream;
  let sync: UsageSync;
  const model = new SessionTreeModel();

  before(async () => {
    daemon = await DaemonProcess.start();
    await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'costs' } });
    const events = new Emitter<DaemonEvent>();
    // The window's connection in miniature: the daemon's event stream, feeding the model and the sync.
    stream = new EventStream({
      url: `ws://127.0.0.1:${daemon.discovery.port}`,
      token: daemon.discovery.token,
      since: 0,
      WebSocketImpl: WebSocket as unknown as WebSocketLikeConstructor,
      onEvent: (e) => {
        model.applyEvent(e);
        events.fire(e);
      },
    });
    const [projects, sessions] = await Promise.all([daemon.client.api.listProjects(), daemon.client.api.listSessions({ query: { all: 'true' } })]);
    model.finishLoading(projects.projects, sessions.sessions);
    sync = new UsageSync({
      source: { state: 'up', client: daemon.client, onEvent: events.event, onDidChangeState: new Emitter<DaemonState>().event },
      log: silentLogger,
      debounceMs: 50,
    });
  });

  after(async () => {
    sync?.dispose();
    stream?.close();
    await daemon?.stop();
  });

  it('shows a session\'s cost after its turn and the project\'s cost today, as the daemon reports them', async () => {
    const { session } = await daemon.client.api.createSession({ body: { project: 'costs', agent: 'demo', action: 'implement', prompt: 'think', permissionPolicy: 'allow-all' } });
    const project = model.project(session.projectId) ?? (await until('the project in the model', () => model.project(session.projectId) ?? null));
    const cost = await until('the session\'s cost in the tree model', () => model.session(session.id)?.usage?.cost ?? null);
    const recorded = (await daemon.client.api.getSession({ params: { id: session.id } })).session.usage;
    assert.deepEqual(cost, recorded?.cost);
    const today = await until('the project\'s cost today', () => (sync.costToday(project).length > 0 ? sync.costToday(project) : null));
    const report = await daemon.client.api.usageReport({ query: { since: utcDay(new Date()), groupBy: 'project' } });
    assert.deepEqual(today, report.rows.find((r) => r.key === 'costs')?.cost);
    assert.ok(today[0]!.amount > 0, 'the demo agent reports a cost');

    // A budget set: the project is read again (`project.updated`) and its description shows both.
    await daemon.client.api.updateProject({ params: { project: 'costs' }, body: { budgetUsdPerDay: 1 } });
    const withBudget = await until('the budget in the model', () => model.project(session.projectId)?.budgetUsdPerDay ?? null);
    assert.equal(projectCostText(sync.costToday(project), withBudget), `$${today[0]!.amount.toFixed(today[0]!.amount < 0.01 ? 4 : 2)} today / $1.00`);
  });
});
