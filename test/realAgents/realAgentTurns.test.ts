// Real agents from npm (Claude Code through claude-agent-acp, Codex through codex-acp) run by the
// real daemon and driven with the CLI, their model played by a scripted stand-in on 127.0.0.1:
// offline, no key, yet the agents write files, run git and ask permission exactly as they do for
// a person. One body for both agents; agentScripts.ts says how each one's model spells a move.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Session } from '../../daemon/protocol/entities.js';
import { CliRunner } from '../support/cliRunner.js';
import { DaemonProcess, git, isAlive, makeRepo, until } from '../support/daemonHarness.js';
import type { ModelStandin } from '../support/modelStandins/scenario.js';
import { addStandinTemplate, requireRealAgent } from '../support/realAgents.js';
import { AGENT_SCRIPTS } from './agentScripts.js';

const PROJECT = 'real';
const FILE = 'hello.txt';
const COMMIT_MESSAGE = 'Add the greeting';
const FIRST_PROMPT = 'Add a hello.txt greeting and commit it';
const FOLLOWUP_PROMPT = 'Show me what hello.txt says';
const RECAP_PROMPT = 'Remind me what you did so far';

interface LoggedEvent {
  type: string;
  payload: Record<string, unknown>;
}

for (const script of AGENT_SCRIPTS) {
  describe(`${script.label}: real turns through the daemon and the CLI, against a scripted model`, function () {
    this.timeout(120_000);
    const content = `hello from ${script.kind}\n`;
    let standin: ModelStandin | undefined;
    let daemon: DaemonProcess | undefined;
    let cli: CliRunner;
    let repo: string;
    let template: string;
    let session: Session;

    const api = () => daemon!.client.api;

    async function events(...types: string[]): Promise<LoggedEvent[]> {
      const res = await api().listEvents({ query: { session: session.id, limit: 10_000, ...(types.length > 0 ? { type: types.join(',') } : {}) } });
      return res.events as LoggedEvent[];
    }

    /** The model requests of the agent's own loop from `from` on (an index into `requests`). */
    function mainRequestsFrom(from: number) {
      return standin!.requests.slice(from).filter((r) => r.role === 'main');
    }

    /**
     * Waits until the session has `turns` turns, all done, and is completed; every permission the
     * agent asks on the way is answered with `switchboard approve` (or `reject`). Answers what the CLI printed.
     */
    async function driveToCompletion(turns: number, answer: 'approve' | 'reject' = 'approve'): Promise<string[]> {
      const approvals: string[] = [];
      await until(`the session to complete ${turns} turn(s)`, async () => {
        const d = await api().getSession({ params: { id: session.id } });
        const s = d.session;
        if (s.state === 'failed' || s.state === 'stopped' || (s.state === 'waiting_for_user' && s.stateReason !== 'permission')) {
          const tail = await api().logTail({ params: { id: session.id }, query: { lines: 80 } });
          throw new Error(`the session is ${s.state} (${s.stateReason ?? ''}): ${s.stateDetail ?? ''}\n${tail.lines.join('\n')}`);
        }
        const pending = d.pendingPermissions[0];
        if (pending) {
          approvals.push(await cli.ok(answer, session.id, pending.id));
          return false;
        }
        session = s;
        return s.state === 'completed' && d.turns.length === turns && d.turns.every((t) => t.state === 'done');
      }, 100_000);
      return approvals;
    }

    /** Sends a follow-up with the CLI; answers how many turns the session has then. */
    async function followup(text: string): Promise<number> {
      const out = await cli.ok('followup', session.id, text);
      const queued = /^turn #(\d+) queued in session /.exec(out);
      assert.ok(queued, `followup printed: ${out}`);
      return Number(queued[1]) + 1;
    }

    before(async function () {
      requireRealAgent(this, script.kind);
      standin = await script.startStandin();
      daemon = await DaemonProcess.start();
      cli = new CliRunner(daemon.home);
      repo = makeRepo();
      await api().addProject({ body: { path: repo, slug: PROJECT } });
      template = await addStandinTemplate(daemon, script.kind, standin);
    });

    after(async () => {
      await daemon?.stop();
      await standin?.close();
      if (daemon) fs.rmSync(daemon.home, { recursive: true, force: true });
      if (repo) fs.rmSync(repo, { recursive: true, force: true });
    });

    it('implements: writes a file and commits it on the session branch, each permission approved with `switchboard approve`', async () => {
      standin!.enqueue(
        script.writeFile(FILE, content, { thinking: 'The user wants a greeting file, then a commit.', text: `I will create ${FILE}.` }),
        script.shell(`git add -A && git commit -m "${COMMIT_MESSAGE}"`, 'commit the greeting'),
        { text: `${FILE} is written and committed.` },
      );
      const started = await cli.json<{ session: Session }>('send', template, 'implement', PROJECT, '--prompt', FIRST_PROMPT, '--policy', 'ask');
      session = started.session;
      assert.equal(session.permissionPolicy, 'ask');

      const approvals = await driveToCompletion(1);
      // The file write and the commit each waited for a person; the CLI chose the one-time allow.
      assert.ok(approvals.length >= 2, `approved ${approvals.length} request(s)`);
      for (const line of approvals) assert.match(line, /^approved \S+ with \S+ \(allow_once\)$/m);
      const answered = await events('permission.answered');
      assert.equal(answered.length, approvals.length);
      assert.ok(answered.every((e) => e.payload.answeredBy === 'user'));
      const asked = (await events('permission.requested')).map((e) => (e.payload.request as { toolCall: { kind?: string } }).toolCall.kind);
      assert.ok(asked.includes('edit') && asked.includes('execute'), `permission asked for the edit and the command (asked for ${asked.join(', ')})`);

      // In the worktree, committed on the session's branch, and not in the person's checkout.
      const { worktreePath, branch } = session;
      assert.ok(worktreePath && branch, 'an implement session has a worktree and a branch');
      assert.equal(fs.readFileSync(path.join(worktreePath, FILE), 'utf8'), content);
      assert.equal(git(worktreePath, 'status', '--porcelain'), '', 'the agent committed everything');
      assert.equal(git(repo, 'log', '-1', '--format=%s', branch), COMMIT_MESSAGE);
      assert.equal(git(repo, 'show', `${branch}:${FILE}`), content.trimEnd());
      assert.ok(!fs.existsSync(path.join(repo, FILE)), 'the project checkout does not have the file');
      assert.equal(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD'), 'main');

      // The daemon's own checkpoint of the turn holds the file too.
      const [checkpoint] = await events('review.checkpoint_created');
      assert.ok(checkpoint, 'the turn was checkpointed');
      assert.equal(git(repo, 'show', `${String(checkpoint.payload.commit)}:${FILE}`), content.trimEnd());

      // What the agent sent back to the model: git's own line, naming the session branch.
      const results = standin!.toolResults();
      assert.ok(results.some((r) => r.includes(`[${branch} `) && r.includes(COMMIT_MESSAGE)), `the model saw the commit on ${branch}:\n${results.join('\n---\n')}`);
      assert.deepEqual(standin!.scriptErrors, []);
      assert.equal(standin!.stepsPlayed, 3, 'one model request per step: no step was eaten by a side request');

      // The stream carried the model's reasoning, its words and both tool calls.
      const log = await events('agent.thought_chunk', 'agent.message_chunk', 'tool_call', 'tool_call_update', 'turn.ended');
      const textOf = (type: string) => log.filter((e) => e.type === type).map((e) => String(e.payload.text)).join('');
      assert.match(textOf('agent.thought_chunk'), /greeting file/);
      assert.match(textOf('agent.message_chunk'), /is written and committed/);
      const kinds = new Set(log.filter((e) => e.type.startsWith('tool_call')).map((e) => e.payload.kind));
      assert.ok(kinds.has('edit') && kinds.has('execute'), `tool calls of kinds ${[...kinds].join(', ')}`);
      assert.equal(log.filter((e) => e.type === 'turn.ended').at(-1)?.payload.stopReason, 'end_turn');
    });

    it('reports the token usage the agent derives from the model’s answers', async () => {
      const usage = (await events('usage')).map((e) => e.payload.usage as Record<string, unknown>);
      assert.ok(usage.length > 0, 'at least one usage event');
      const last = usage.at(-1)!;
      assert.equal(typeof last.used, 'number', `used tokens in ${JSON.stringify(last)}`);
      assert.ok((last.used as number) > 0 && typeof last.size === 'number' && last.size > (last.used as number), JSON.stringify(last));
    });

    it('runs a follow-up turn in the same agent session', async () => {
      const from = standin!.requests.length;
      standin!.enqueue(script.shell(`cat ${FILE}`, 'show the greeting'), { text: `${FILE} says hello.` });
      assert.equal(await followup(FOLLOWUP_PROMPT), 2);
      await driveToCompletion(2);

      const turns = (await api().getSession({ params: { id: session.id } })).turns;
      assert.deepEqual(turns.map((t) => t.stopReason), ['end_turn', 'end_turn']);
      // The agent ran the command in the worktree and gave the model its output.
      assert.ok(standin!.toolResults().some((r) => r.includes(content.trimEnd())), 'the model got the file’s content back');
      // Same conversation: the follow-up reached the model with the first turn still in its history.
      const [first] = mainRequestsFrom(from);
      assert.ok(first, 'the follow-up asked the model');
      const sent = JSON.stringify(first.body);
      assert.ok(sent.includes(FOLLOWUP_PROMPT) && sent.includes(FIRST_PROMPT));
      assert.equal((await events('agent.started')).length, 1, 'one agent process served both turns');
    });

    it('stops, then resumes with the agent restoring its own session through session/resume', async () => {
      const pid = Number(session.runtimeHandle);
      assert.ok(pid > 0 && isAlive(pid), 'the agent is running between turns');
      assert.match(await cli.ok('stop', session.id), /: stopped$/m);
      assert.equal((await api().getSession({ params: { id: session.id } })).session.state, 'stopped');
      await until('the agent process to end', () => !isAlive(pid), 15_000);
      assert.equal((await events('agent.exited')).at(-1)?.payload.expected, true);

      assert.match(await cli.ok('resume', session.id), /: running$/m);
      // Both agents declare sessionCapabilities.resume: taken back with no history replayed.
      await until('the agent to resume its session', async () => {
        const logs = await events('log');
        return logs.some((e) => /restored its session through session\/resume/.test(String(e.payload.message)));
      }, 60_000);
      await driveToCompletion(2);

      const from = standin!.requests.length;
      standin!.enqueue({ text: `I created ${FILE} and committed it.` });
      assert.equal(await followup(RECAP_PROMPT), 3);
      await driveToCompletion(3);

      assert.deepEqual(await events('context.reset'), [], 'no context reset: the agent resumed its session');
      assert.equal((await events('agent.started')).length, 2, 'a new agent process after resume');
      // The restarted agent sent the model the whole earlier conversation, from its own store.
      const [recap] = mainRequestsFrom(from);
      assert.ok(recap, 'the recap asked the model');
      const sent = JSON.stringify(recap.body);
      for (const prompt of [FIRST_PROMPT, FOLLOWUP_PROMPT, RECAP_PROMPT]) assert.ok(sent.includes(prompt), `the model saw "${prompt}"`);
      assert.deepEqual(standin!.scriptErrors, []);
    });

    it('refuses a permission with `switchboard reject`: nothing is written, and the model learns of it', async () => {
      const refused = 'unwanted.txt';
      standin!.enqueue(script.writeFile(refused, 'not wanted\n', { thinking: 'One more file.', text: `I will create ${refused}.` }));
      const rejections = await driveToCompletion(await followup(`Create ${refused}`), 'reject');
      assert.equal(rejections.length, 1);
      assert.match(rejections[0]!, /^rejected \S+ with \S+ \(reject_once\)$/m);
      assert.ok(!fs.existsSync(path.join(session.worktreePath!, refused)), 'the refused file was not written');
      const turns = (await api().getSession({ params: { id: session.id } })).turns;
      assert.equal(turns.at(-1)?.stopReason, script.refusalStops);
      // Claude Code tells the model within the turn; Codex ends the turn and tells it with the next prompt.
      await driveToCompletion(await followup('Never mind that file'));
      assert.match(standin!.toolResults().at(-1) ?? '', /refused|aborted/i);
      assert.deepEqual(standin!.scriptErrors, []);
    });

    it('fails the turn with the model API’s own error, and a follow-up carries on', async () => {
      standin!.enqueue(script.apiError(400, 'scripted failure 7f3a'));
      const turns = await followup('This one meets an API error');
      await until('the turn to fail', async () => (await api().getSession({ params: { id: session.id } })).session.state === 'failed', 60_000);
      const d = await api().getSession({ params: { id: session.id } });
      assert.equal(d.session.stateReason, 'prompt_failed');
      assert.equal(d.turns.length, turns);
      assert.match(d.turns.at(-1)?.error ?? '', /scripted failure 7f3a/, 'the person sees why');
      assert.match(d.session.stateDetail ?? '', /scripted failure 7f3a/);

      standin!.enqueue({ text: 'Back on track.' });
      await driveToCompletion(await followup('Try again'));
      assert.equal((await events('agent.started')).length, 2, 'no new agent process: the one started at resume took the next turn');
    });
  });
}
