// Usage and cost as the real agents report them, through the daemon, against the model stand-ins.
// Claude Code (claude-agent-acp) turns the stand-in's token counts into a `usage_update` with a
// cost it computes, cumulative for the session: after two turns the session's cost is the figure
// in the last `usage` event, not their sum, and `switchboard usage --project P` shows it. Codex
// (codex-acp) reports tokens and the context window, and no cost.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Session, Turn } from '../../daemon/protocol/entities.js';
import { CliRunner } from '../support/cliRunner.js';
import { DaemonProcess, makeRepo, until } from '../support/daemonHarness.js';
import type { ModelStandin } from '../support/modelStandins/scenario.js';
import { addStandinTemplate, requireRealAgent } from '../support/realAgents.js';
import { AGENT_SCRIPTS } from './agentScripts.js';

const PROJECT = 'metered';

interface RawUsage {
  used?: number;
  size?: number;
  cost?: { amount: number; currency: string } | null;
}

for (const script of AGENT_SCRIPTS) {
  describe(`${script.label}: usage and cost of two turns, recorded and rolled up`, function () {
    this.timeout(120_000);
    let standin: ModelStandin | undefined;
    let daemon: DaemonProcess | undefined;
    let repo: string;
    let session: Session;
    let turns: Turn[];
    let updates: RawUsage[];

    const api = () => daemon!.client.api;

    async function completed(count: number): Promise<void> {
      ({ session, turns } = await until(`the session to complete ${count} turn(s)`, async () => {
        const d = await api().getSession({ params: { id: session.id } });
        if (d.session.state === 'failed' || d.session.state === 'waiting_for_user') throw new Error(`the session is ${d.session.state}: ${d.session.stateDetail ?? ''}`);
        return d.session.state === 'completed' && d.turns.length === count && d.turns.every((t) => t.state === 'done') ? d : null;
      }, 100_000));
    }

    before(async function () {
      requireRealAgent(this, script.kind);
      standin = await script.startStandin();
      daemon = await DaemonProcess.start();
      repo = makeRepo();
      await api().addProject({ body: { path: repo, slug: PROJECT } });
      const template = await addStandinTemplate(daemon, script.kind, standin);
      standin.enqueue({ text: 'Hello there.' });
      session = (await api().createSession({ body: { project: PROJECT, agent: template, action: 'implement', prompt: 'Say hello' } })).session;
      await completed(1);
      standin.enqueue({ text: 'Hello again.' });
      await api().followup({ params: { id: session.id }, body: { text: 'Say it again' } });
      await completed(2);
      const events = (await api().listEvents({ query: { session: session.id, type: 'usage', limit: 10_000 } })).events;
      updates = events.map((e) => (e.payload as { usage: RawUsage }).usage);
    });

    after(async () => {
      await daemon?.stop();
      await standin?.close();
      if (daemon) fs.rmSync(daemon.home, { recursive: true, force: true });
      if (repo) fs.rmSync(repo, { recursive: true, force: true });
    });

    it('records the context window from usage_update, and the tokens the prompt answers carry', function () {
      assert.ok(updates.length >= 2, `the agent sent ${updates.length} usage update(s)`);
      const last = updates[updates.length - 1]!;
      assert.ok((last.used ?? 0) > 0 && (last.size ?? 0) > 0, JSON.stringify(last));
      assert.equal(session.usage?.contextUsed, last.used);
      assert.equal(session.usage?.contextSize, last.size);
      if (script.kind === 'claude') {
        for (const t of turns) assert.ok((t.usage?.inputTokens ?? 0) > 0 && (t.usage?.outputTokens ?? 0) > 0, `turn ${t.index} tokens: ${JSON.stringify(t.usage)}`);
        assert.equal(session.usage?.totalTokens, turns.reduce((sum, t) => sum + (t.usage?.totalTokens ?? 0), 0));
      } else {
        // codex-acp 0.16.0 answers session/prompt with the stop reason alone (measured): no token
        // counts reach us, so its turns record none rather than made-up zeros.
        assert.ok(turns.every((t) => t.usage == null), JSON.stringify(turns.map((t) => t.usage)));
        assert.equal(session.usage?.totalTokens, 0);
      }
    });

    if (script.kind === 'claude') {
      it("takes the session's cost from the agent's last cumulative figure, and `switchboard usage --project P` shows it", async function () {
        const reported = updates[updates.length - 1]!.cost;
        assert.ok(reported && reported.amount > 0, `the agent reported a cost: ${JSON.stringify(updates)}`);
        assert.deepEqual(session.usage?.cost, reported);
        const summed = updates.reduce((sum, u) => sum + (u.cost?.amount ?? 0), 0);
        assert.notEqual(session.usage?.cost?.amount, summed, 'not the sum of the updates');
        const shares = turns.reduce((sum, t) => sum + (t.usage?.cost?.amount ?? 0), 0);
        assert.ok(Math.abs(shares - reported.amount) < 1e-9, `the turns' shares (${shares}) add up to ${reported.amount}`);

        const report = await api().usageReport({ query: { project: PROJECT, groupBy: 'project' } });
        assert.ok(Math.abs((report.total.cost[0]?.amount ?? 0) - reported.amount) < 1e-9, JSON.stringify(report.total));
        const out = await new CliRunner(daemon!.home).ok('usage', '--project', PROJECT);
        const shown = String(Number(reported.amount.toFixed(6)));
        assert.match(out, new RegExp(`^total\\s+2\\s+1\\s.*\\$${shown.replace('.', '\\.')}$`, 'm'), out);
      });
    } else {
      it('records no cost (Codex reports none), and `switchboard usage` has no turn with usage to show', async function () {
        assert.ok(updates.every((u) => u.cost == null), JSON.stringify(updates));
        assert.equal(session.usage?.cost ?? null, null);
        const out = await new CliRunner(daemon!.home).ok('usage', '--project', PROJECT);
        assert.match(out, /^no turns with usage recorded/, out);
      });
    }
  });
}
