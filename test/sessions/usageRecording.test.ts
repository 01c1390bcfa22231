// The usage recorder, the roll-up over days and the budget gate on a real SQLite file: what the
// daemon tests cannot reach in a day (turns on earlier days, currencies, malformed reports).
import { strict as assert } from 'node:assert';
import type { Project, Session, Turn } from '../../daemon/protocol/entities.js';
import type { TurnUsage } from '../../daemon/protocol/usageEntities.js';
import { BudgetGate } from '../../daemon/sessions/budgetGate.js';
import { EventBus } from '../../daemon/sessions/eventBus.js';
import { ProjectService } from '../../daemon/sessions/projectService.js';
import { SessionRecords } from '../../daemon/sessions/sessionRecords.js';
import { UsageQueries } from '../../daemon/sessions/usageQueries.js';
import { UsageRecorder } from '../../daemon/sessions/usageRecorder.js';
import { Store } from '../../daemon/storage/store.js';
import { Redactor } from '../../daemon/system/redactor.js';
import { aProject, aSession, aTurn, tempDir, type TempDir } from '../storage/helpers.js';

const TOKENS = { inputTokens: 10, outputTokens: 5, cachedReadTokens: 0, cachedWriteTokens: 0, thoughtTokens: 0, totalTokens: 15 };
const usd = (amount: number): TurnUsage => ({ ...TOKENS, cost: { amount, currency: 'USD' } });

describe('usage: recorded, rolled up and held to a budget', () => {
  let tmp: TempDir;
  let store: Store;
  let bus: EventBus;
  let records: SessionRecords;
  let usage: UsageRecorder;
  let project: Project;
  let session: Session;

  beforeEach(() => {
    tmp = tempDir();
    store = Store.open(tmp.file());
    bus = new EventBus(store, (err) => assert.fail(String(err)));
    records = new SessionRecords(store, bus);
    usage = new UsageRecorder(records);
    project = store.projects.insert(aProject({ slug: 'web' }));
    session = store.sessions.insert(aSession(project.id));
  });
  afterEach(() => {
    store.close();
    tmp.remove();
  });

  function endedTurn(index: number, endedAt: string, turnUsage: TurnUsage | null, sessionId = session.id): Turn {
    return store.turns.insert(aTurn(sessionId, index, { state: 'done', endedAt, usage: turnUsage }));
  }

  it('keeps the last cumulative cost, ignores malformed updates, and keeps the cost when an update has none', () => {
    usage.onUpdate(session.id, { used: 100, size: 1000, cost: { amount: 0.5, currency: 'USD' } });
    usage.onUpdate(session.id, { used: 'lots' });
    usage.onUpdate(session.id, { used: 300, size: 1000, cost: { amount: 0.75, currency: 'USD' } });
    usage.onUpdate(session.id, { used: 350, size: 1000 });
    const now = records.get(session.id).usage;
    assert.deepEqual({ used: now?.contextUsed, size: now?.contextSize, cost: now?.cost }, { used: 350, size: 1000, cost: { amount: 0.75, currency: 'USD' } });
    const announced = store.events.list({ since: 0, types: ['session.updated'], limit: 100 });
    assert.equal(announced.length, 3, 'one session.updated per well-formed update');
  });

  it("gives a turn the growth of the cumulative cost, a new currency whole, and null when nothing was reported", () => {
    usage.onUpdate(session.id, { used: 1, size: 10, cost: { amount: 0.25, currency: 'USD' } });
    usage.beginTurn(session.id);
    usage.onUpdate(session.id, { used: 2, size: 10, cost: { amount: 0.3, currency: 'USD' } });
    assert.equal(usage.runningGrowth(session.id, 'USD'), 0.05, 'a running turn counts towards today');
    assert.deepEqual(usage.endTurn(session.id, TOKENS), { ...TOKENS, cost: { amount: 0.05, currency: 'USD' } });
    usage.beginTurn(session.id);
    usage.onUpdate(session.id, { used: 3, size: 10, cost: { amount: 2, currency: 'EUR' } });
    assert.deepEqual(usage.endTurn(session.id, null)?.cost, { amount: 2, currency: 'EUR' });
    const quiet = store.sessions.insert(aSession(project.id));
    usage.beginTurn(quiet.id);
    assert.equal(usage.endTurn(quiet.id, null), null);
    assert.equal(records.get(session.id).usage?.totalTokens, 15, 'tokens are added once, from the prompt answer');
  });

  it('rolls up by day within [since, until), a bare until day included whole, per currency', () => {
    const other = store.sessions.insert(aSession(project.id));
    endedTurn(0, '2026-11-30T23:59:59.000Z', usd(0.1));
    endedTurn(1, '2026-12-01T00:00:00.000Z', usd(0.2));
    endedTurn(2, '2026-12-01T18:00:00.000Z', { ...TOKENS, cost: { amount: 1, currency: 'EUR' } });
    endedTurn(0, '2026-12-02T23:59:59.999Z', usd(0.3), other.id);
    endedTurn(3, '2026-12-03T00:00:00.000Z', null);
    const queries = new UsageQueries(store, new ProjectService(store, bus, new Redactor()));
    const report = queries.report({ project: 'web', since: '2026-12-01', until: '2026-12-02', groupBy: 'day' });
    assert.deepEqual(report.rows.map((r) => [r.key, r.turns, r.sessions, r.cost]), [
      ['2026-12-01', 2, 1, [{ currency: 'EUR', amount: 1 }, { currency: 'USD', amount: 0.2 }]],
      ['2026-12-02', 1, 1, [{ currency: 'USD', amount: 0.3 }]],
    ]);
    assert.deepEqual([report.since, report.until], ['2026-12-01T00:00:00.000Z', '2026-12-03T00:00:00.000Z']);
    assert.deepEqual([report.total.turns, report.total.sessions, report.total.totalTokens], [3, 2, 45]);
    const bySession = queries.report({ until: '2026-12-01T00:00:00Z', groupBy: 'session' });
    assert.deepEqual(bySession.rows.map((r) => [r.key, r.turns]), [[session.id, 1]], 'an ISO until is exclusive');
  });

  it("refuses a turn once today's spend reaches the budget, and starts the waiting sessions when it is raised", () => {
    const kicked: string[] = [];
    const gate = new BudgetGate({ store, bus, usage, kick: (id) => kicked.push(id) });
    assert.equal(gate.refusal(session), null, 'no budget: never refused');
    store.projects.update(project.id, { budgetUsdPerDay: 0.01, updatedAt: new Date().toISOString() });
    endedTurn(0, new Date().toISOString(), usd(0.012));
    endedTurn(1, '2000-01-01T00:00:00.000Z', usd(5));
    assert.equal(gate.refusal(session), 'project web spent $0.012 of its $0.01 a day; raise the budget with `switchboard projects budget web <usd>` or wait until 00:00 UTC');

    const waiting = store.sessions.insert(aSession(project.id, { state: 'waiting_for_user', stateReason: 'budget_exceeded' }));
    gate.start();
    try {
      assert.deepEqual(kicked, [], 'still over budget at start');
      const raised = store.projects.update(project.id, { budgetUsdPerDay: 0.02, updatedAt: new Date().toISOString() });
      bus.emit('project.updated', { sessionId: null, projectId: project.id }, { project: raised });
      assert.deepEqual(kicked, [waiting.id]);
    } finally {
      gate.stop();
    }
  });
});
