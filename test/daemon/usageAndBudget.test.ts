// Usage, cost and the daily budget with the demo agent, through the daemon, its API and the CLI.
// The demo agent reports like claude-agent-acp: a `usage_update` with the session's CUMULATIVE
// cost each turn (0.006 USD, or `spend USD`), and the turn's tokens in the prompt answer.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Session, Turn } from '../../daemon/protocol/entities.js';
import { CliRunner } from '../support/cliRunner.js';
import { DaemonProcess, makeRepo, until } from '../support/daemonHarness.js';

type Api = DaemonProcess['client']['api'];

const today = () => new Date().toISOString().slice(0, 10);
const tomorrow = () => new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

async function start(api: Api, project: string, prompt: string): Promise<Session> {
  return (await api.createSession({ body: { project, agent: 'demo', action: 'implement', prompt, permissionPolicy: 'allow-all' } })).session;
}

/** Waits until the session has `turns` turns, all done, and is completed; answers its detail. */
async function completed(api: Api, id: string, turns: number): Promise<{ session: Session; turns: Turn[] }> {
  return until(`session ${id} to complete ${turns} turn(s)`, async () => {
    const d = await api.getSession({ params: { id } });
    if (d.session.state === 'failed') throw new Error(`the session failed: ${d.session.stateDetail ?? ''}`);
    return d.session.state === 'completed' && d.turns.length === turns && d.turns.every((t) => t.state === 'done') ? d : null;
  });
}

async function waitingForBudget(api: Api, id: string): Promise<Session> {
  return until(`session ${id} to wait for budget`, async () => {
    const s = (await api.getSession({ params: { id } })).session;
    return s.state === 'waiting_for_user' && s.stateReason === 'budget_exceeded' ? s : null;
  });
}

function rejectsNaming(p: Promise<unknown>, status: number, field: string): Promise<void> {
  return assert.rejects(p, (e: { status?: number; field?: string; message?: string }) => {
    assert.equal(e.status, status, e.message);
    assert.equal(e.field, field, e.message);
    return true;
  });
}

describe('usage and cost: recorded per session and turn, rolled up, shown by the CLI', function () {
  this.timeout(60_000);
  let daemon: DaemonProcess;
  let cli: CliRunner;
  let repo: string;
  let session: Session;
  let turns: Turn[];

  before(async function () {
    repo = makeRepo();
    daemon = await DaemonProcess.start();
    cli = new CliRunner(daemon.home);
    await daemon.client.api.addProject({ body: { path: repo, slug: 'costly' } });
    const api = daemon.client.api;
    session = await start(api, 'costly', 'write a.txt hello');
    await completed(api, session.id, 1);
    await api.followup({ params: { id: session.id }, body: { text: 'spend 0.01 write b.txt again' } });
    ({ session, turns } = await completed(api, session.id, 2));
  });
  after(async function () {
    await daemon?.stop();
    fs.rmSync(daemon.home, { recursive: true, force: true });
    fs.rmSync(repo, { recursive: true, force: true });
  });

  it("takes the session's cost from the agent's last cumulative figure, never the sum of its updates", async function () {
    const updates = (await daemon.client.api.listEvents({ query: { session: session.id, type: 'usage' } })).events;
    const costs = updates.map((e) => ((e.payload as { usage: { cost: { amount: number } } }).usage.cost.amount));
    assert.deepEqual(costs, [0.006, 0.016], 'the agent said 0.006, then 0.016 in all');
    assert.deepEqual(session.usage?.cost, { amount: 0.016, currency: 'USD' });
    assert.equal(session.usage?.contextSize, 200_000);
    assert.ok((session.usage?.contextUsed ?? 0) > 0, 'the context used is recorded');
  });

  it("gives each turn its share of the cost and its tokens; the shares add up to the session's", async function () {
    assert.deepEqual(turns.map((t) => t.usage?.cost), [{ amount: 0.006, currency: 'USD' }, { amount: 0.01, currency: 'USD' }]);
    const shares = turns.reduce((sum, t) => sum + (t.usage?.cost?.amount ?? 0), 0);
    assert.ok(Math.abs(shares - (session.usage?.cost?.amount ?? 0)) < 1e-9, `shares ${shares}`);
    for (const t of turns) assert.ok((t.usage?.outputTokens ?? 0) > 0 && (t.usage?.totalTokens ?? 0) > 0, 'tokens recorded');
    const tokens = turns.reduce((sum, t) => sum + (t.usage?.totalTokens ?? 0), 0);
    assert.equal(session.usage?.totalTokens, tokens, "the session's tokens are its turns' tokens");
    const ended = (await daemon.client.api.listEvents({ query: { session: session.id, type: 'turn.ended' } })).events;
    assert.deepEqual(ended.map((e) => (e.payload as { usage?: Turn['usage'] }).usage), turns.map((t) => t.usage));
  });

  it('rolls up per session, project and day, within since/until', async function () {
    const api = daemon.client.api;
    const bySession = await api.usageReport({ query: { groupBy: 'session' } });
    assert.deepEqual(bySession.rows.map((r) => [r.key, r.turns, r.cost]), [[session.id, 2, [{ amount: 0.016, currency: 'USD' }]]]);
    const byProject = await api.usageReport({ query: { groupBy: 'project', project: 'costly' } });
    assert.deepEqual(byProject.rows.map((r) => [r.key, r.turns, r.sessions]), [['costly', 2, 1]]);
    assert.equal(byProject.total.totalTokens, session.usage?.totalTokens);
    const byDay = await api.usageReport({ query: { groupBy: 'day', since: today(), until: today() } });
    assert.deepEqual(byDay.rows.map((r) => r.key), [today()], 'until a day covers that whole day');
    assert.deepEqual(byDay.total.cost, [{ amount: 0.016, currency: 'USD' }]);
    const later = await api.usageReport({ query: { groupBy: 'day', since: tomorrow() } });
    assert.equal(later.total.turns, 0);
    const before = await api.usageReport({ query: { groupBy: 'day', until: `${today()}T00:00:00Z` } });
    assert.equal(before.total.turns, 0, 'an ISO until is exclusive');
  });

  it('refuses bad roll-up input naming the field', async function () {
    const api = daemon.client.api;
    await rejectsNaming(api.usageReport({ query: { groupBy: 'week' as never } }), 400, 'groupBy');
    await rejectsNaming(api.usageReport({ query: { groupBy: 'day', since: 'yesterday' } }), 400, 'since');
    await rejectsNaming(api.usageReport({ query: { groupBy: 'day', since: tomorrow(), until: today() } }), 400, 'until');
    await rejectsNaming(api.usageReport({ query: { groupBy: 'day', project: 'nope' } }), 404, 'project');
  });

  it('`switchboard usage --project P` shows the cost and tokens', async function () {
    const out = await cli.ok('usage', '--project', 'costly');
    assert.match(out, /SESSION\s+TURNS/);
    assert.match(out, new RegExp(`^${session.id}\\s+2\\s+1\\s.*\\$0\\.016$`, 'm'));
    assert.match(out, /^total\s+2\s+1\s.*\$0\.016$/m);
    assert.match(await cli.ok('usage', '--by', 'day', '--since', tomorrow()), /^no turns with usage recorded/);
    const bad = await cli.run('usage', '--by', 'week');
    assert.equal(bad.code, 2, bad.err);
  });
});

describe("a project's daily budget: sessions past it wait, raising or removing it starts them", function () {
  this.timeout(60_000);
  let daemon: DaemonProcess;
  let cli: CliRunner;
  let repo: string;

  before(async function () {
    repo = makeRepo();
    daemon = await DaemonProcess.start();
    cli = new CliRunner(daemon.home);
    await daemon.client.api.addProject({ body: { path: repo, slug: 'thrifty' } });
  });
  after(async function () {
    await daemon?.stop();
    fs.rmSync(daemon.home, { recursive: true, force: true });
    fs.rmSync(repo, { recursive: true, force: true });
  });

  it('0.01 USD a day: the next session waits with budget_exceeded, raising the budget with the CLI starts it; a follow-up waits too', async function () {
    const api = daemon.client.api;
    assert.match(await cli.ok('projects', 'budget', 'thrifty', '0.01'), /may spend \$0\.01 a day/);
    const first = await start(api, 'thrifty', 'spend 0.012 write a.txt hello');
    await completed(api, first.id, 1);

    const next = await start(api, 'thrifty', 'write b.txt hello');
    const waiting = await waitingForBudget(api, next.id);
    assert.equal(waiting.stateDetail, 'project thrifty spent $0.012 of its $0.01 a day; raise the budget with `switchboard projects budget thrifty <usd>` or wait until 00:00 UTC');
    const detail = await api.getSession({ params: { id: next.id } });
    assert.deepEqual(detail.turns.map((t) => t.state), ['queued'], 'its turn stays queued');

    await cli.ok('projects', 'budget', 'thrifty', '0.05');
    await completed(api, next.id, 1);

    // Spent 0.018 now: a follow-up to the completed session waits as well, until the budget allows it.
    await api.updateProject({ params: { project: 'thrifty' }, body: { budgetUsdPerDay: 0.015 } });
    await api.followup({ params: { id: next.id }, body: { text: 'write d.txt more' } });
    assert.match((await waitingForBudget(api, next.id)).stateDetail ?? '', /spent \$0\.018 of its \$0\.015 a day/);
    await api.updateProject({ params: { project: 'thrifty' }, body: { budgetUsdPerDay: 1 } });
    await completed(api, next.id, 2);
  });

  it('the wait survives a daemon restart; removing the budget starts the session', async function () {
    const api = daemon.client.api;
    await api.updateProject({ params: { project: 'thrifty' }, body: { budgetUsdPerDay: 0.01 } });
    const s = await start(api, 'thrifty', 'write c.txt hello');
    await waitingForBudget(api, s.id);

    await daemon.stop();
    daemon = await DaemonProcess.start({ home: daemon.home });
    cli = new CliRunner(daemon.home);
    await waitingForBudget(daemon.client.api, s.id);

    assert.match(await cli.ok('projects', 'budget', 'thrifty', 'none'), /has no budget now/);
    await completed(daemon.client.api, s.id, 1);
    const project = (await daemon.client.api.getProject({ params: { project: 'thrifty' } })).project;
    assert.equal(project.budgetUsdPerDay ?? null, null);
    const badBudget = await cli.run('projects', 'budget', 'thrifty', 'lots');
    assert.equal(badBudget.code, 2, badBudget.err);
  });
});
