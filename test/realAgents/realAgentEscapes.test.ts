// The escape suite of test/sandbox/demoEscapes.test.ts, with the REAL agents (Claude Code through
// claude-agent-acp, Codex through codex-acp) in the bubblewrap sandbox under --policy allow-all,
// their model played by a scripted stand-in. Real agents write files and run commands themselves,
// so this is where the operating system's walls are tried: a write by the agent's own file tool or
// by its shell aimed outside the worktree reaches nothing on the host and comes back to the model
// as an error; the agent cannot read daemon.json or the user's ~/.ssh; it commits on its own
// branch but cannot move `main`; an analyze session leaves the checkout byte-identical.
//
// Each agent runs in two setups. As installed, it asks before writing a file, and the daemon's
// policy refuses an edit outside the worktree before the agent tries; commands are approved
// (allow-all) and meet the sandbox. Configured never to ask (`neverAsk`), its file tool goes
// straight to the disk, and only the sandbox is left to stop it.
//
// The last test goes around the walls instead of through them: the worktree is the agent's to
// write, and so are its git pointers (the `.git` file, the admin dir's `commondir`). A git dir the
// agent plants there, with commands in its config, must not run on the host when git runs in the
// worktree outside the sandbox: the daemon's checkpoint after each turn, or a person's git status.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Session } from '../../daemon/protocol/entities.js';
import type { StreamEvent } from '../../daemon/protocol/eventStream.js';
import { API_PREFIX } from '../../daemon/protocol/routes.js';
import { statePaths } from '../../daemon/system/stateDir.js';
import { DaemonProcess, git, makeRepo, tempDir } from '../support/daemonHarness.js';
import type { ModelStandin, ScenarioStep } from '../support/modelStandins/scenario.js';
import { addStandinTemplate, requireRealAgent } from '../support/realAgents.js';
import { followupTurn, nextTurnEvents, requireBwrap, snapshotFiles } from '../support/sandboxSupport.js';
import { AGENT_SCRIPTS } from './agentScripts.js';

const PROJECT = 'esc';
const SECRET = 'ssh-private-key-material-that-must-stay-home';
/** The symlink each test plants in a worktree; it points at the user's HOME. */
const LINK = 'planted-link';
/** A refusal by the operating system, as the tool reports it. */
const OS_REFUSAL = /Read-only file system|EROFS|No such file or directory|ENOENT|Failed to (?:write file|create parent directories)/;
/** A refusal by the permission policy, as the agent tells its model. */
const POLICY_REFUSAL = /refused permission|aborted/;

/** What became of one tool call: its last status, and whether a permission for it was refused (by which rule). */
interface ToolCallFate {
  id: string;
  status: string;
  asked: boolean;
  refused: string | null;
}

/** Every tool call in these events, in the order the agent made them. */
function toolCallFates(events: readonly StreamEvent[]): ToolCallFate[] {
  const fates = new Map<string, ToolCallFate>();
  const byRequest = new Map<string, string>();
  const fate = (id: string) => {
    let f = fates.get(id);
    if (!f) fates.set(id, (f = { id, status: 'pending', asked: false, refused: null }));
    return f;
  };
  for (const e of events) {
    const p = e.payload as Record<string, unknown>;
    if (e.type === 'tool_call' || e.type === 'tool_call_update') {
      const f = fate(String(p.toolCallId));
      if (typeof p.status === 'string') f.status = p.status;
    } else if (e.type === 'permission.requested') {
      const req = p.request as { id: string; toolCall: { toolCallId?: unknown } };
      const id = String(req.toolCall.toolCallId);
      byRequest.set(req.id, id);
      fate(id).asked = true;
    } else if (e.type === 'permission.answered') {
      const id = byRequest.get(String(p.requestId));
      const refused = p.outcome === 'cancelled' || String(p.optionKind).startsWith('reject');
      if (id !== undefined && refused) fate(id).refused = typeof p.rule === 'string' ? p.rule : String(p.answeredBy);
    }
  }
  return [...fates.values()];
}

/** Every file under `dir` (recursively), but `skip`, whose text contains `needle`. */
function filesContaining(dir: string, needle: string, skip: string): string[] {
  const hits: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (!entry.isFile() || file === skip) continue;
    if (fs.readFileSync(file).includes(needle)) hits.push(file);
  }
  return hits;
}

/** What of a repository's git metadata no session may change: every ref but the session's own branch and the daemon's checkpoints, the config, the hooks. */
function sharedGitState(repo: string, ownBranch: string): { refs: string[]; config: string; hooks: string[] } {
  const refs = git(repo, 'for-each-ref', '--format=%(refname) %(objectname)')
    .split('\n')
    .filter((line) => !line.startsWith(`refs/heads/${ownBranch} `) && !line.startsWith('refs/switchboard/'));
  const common = path.join(repo, '.git');
  return { refs, config: fs.readFileSync(path.join(common, 'config'), 'utf8'), hooks: fs.readdirSync(path.join(common, 'hooks')).sort() };
}

for (const script of AGENT_SCRIPTS) {
  describe(`${script.label} in the bubblewrap sandbox (allow-all): nothing gets out`, function () {
    this.timeout(120_000);
    let standin: ModelStandin | undefined;
    let daemon: DaemonProcess | undefined;
    let repo: string;
    let userHome: string;
    /** The agent as installed: it asks before each file write. */
    let asking: Session;
    /** The agent configured never to ask (`neverAsk`). */
    let unasked: Session;
    let analyze: Session;
    /** Steps handed to the stand-in so far; every test plays all of its own. */
    let scripted = 0;
    const varTmp: string[] = [];

    const api = () => daemon!.client.api;
    const worktree = (s: Session) => s.worktreePath!;

    /**
     * One turn, and what the daemon does after it (artifacts, the review checkpoint: git in the
     * worktree, outside the sandbox), which is over once the session leaves `running`.
     */
    async function turn(session: Session, text: string): Promise<StreamEvent[]> {
      const events = await followupTurn(daemon!, session.id, text);
      await daemon!.waitForState(session.id, ['completed', 'waiting_for_user', 'failed', 'stopped']);
      return events;
    }

    /**
     * Plays `steps` in the session: `prompt`, then "Go on" while steps remain (Codex ends its turn
     * when a permission is refused). Answers the events of those turns and the tool results the
     * agent sent back to the model for them.
     */
    async function play(session: Session, prompt: string, steps: ScenarioStep[]): Promise<{ events: StreamEvent[]; results: string[] }> {
      assert.equal(standin!.stepsPlayed, scripted, 'every earlier step was played');
      const resultsBefore = standin!.toolResults().length;
      scripted += steps.length;
      standin!.enqueue(...steps);
      const events = await turn(session, prompt);
      for (let played = standin!.stepsPlayed; played < scripted; played = standin!.stepsPlayed) {
        events.push(...(await turn(session, 'Go on')));
        assert.ok(standin!.stepsPlayed > played, `a turn played none of the ${scripted - played} remaining step(s)`);
      }
      assert.deepEqual(standin!.scriptErrors, []);
      return { events, results: standin!.toolResults().slice(resultsBefore) };
    }

    /** Starts sessions side by side; each one's first turn is a plain answer (the same step for all, so their order does not matter). */
    async function startSessions(...specs: { agent: string; action: 'implement' | 'analyze' }[]): Promise<Session[]> {
      scripted += specs.length;
      standin!.enqueue(...specs.map(() => ({ text: 'Ready.' })));
      const since = (await api().health()).lastSeq;
      return Promise.all(
        specs.map(async ({ agent, action }) => {
          const { session } = await api().createSession({ body: { project: PROJECT, agent, action, prompt: 'Get ready', permissionPolicy: 'allow-all' } });
          const first = await nextTurnEvents(daemon!, session.id, since);
          await daemon!.waitForState(session.id, ['completed']);
          const ended = first.filter((e) => e.type === 'turn.ended').at(-1)?.payload as { error: string | null } | undefined;
          assert.equal(ended?.error, null, `${agent} ${action}: the first turn ended without an error`);
          return session;
        }),
      );
    }

    /** Six places outside `self`'s worktree, with a file name that says how it was tried: where the agent aims, and where that lands on the host. */
    function escapeTargets(self: Session, other: Session, how: string): { what: string; aim: string; host: string }[] {
      const file = (place: string) => `escape-${place}-${how}.txt`;
      const outside = path.join('/var/tmp', `sb-${script.kind}-${process.pid}-${file('abs')}`);
      varTmp.push(outside);
      return [
        { what: 'an absolute path outside (/var/tmp)', aim: outside, host: outside },
        { what: '../ of the worktree', aim: `../${file('parent')}`, host: path.join(path.dirname(worktree(self)), file('parent')) },
        { what: 'a symlink planted in the worktree', aim: `${LINK}/${file('link')}`, host: path.join(userHome, file('link')) },
        { what: 'the project checkout', aim: path.join(repo, file('checkout')), host: path.join(repo, file('checkout')) },
        { what: "another session's worktree", aim: path.join(worktree(other), file('other')), host: path.join(worktree(other), file('other')) },
        { what: "the user's HOME", aim: path.join(userHome, file('home')), host: path.join(userHome, file('home')) },
      ];
    }

    before(async function () {
      await requireBwrap(this);
      requireRealAgent(this, script.kind);
      userHome = tempDir('user');
      fs.mkdirSync(path.join(userHome, '.ssh'), { mode: 0o700 });
      fs.writeFileSync(path.join(userHome, '.ssh', 'id_ed25519'), SECRET);
      standin = await script.startStandin();
      daemon = await DaemonProcess.start({ env: { HOME: userHome, SWITCHBOARD_SANDBOX: 'bwrap' } });
      repo = makeRepo({ 'README.md': '# escapes\n', 'src/a.ts': 'export const a = 1;\n' });
      await api().addProject({ body: { path: repo, slug: PROJECT } });
      const askingTemplate = await addStandinTemplate(daemon, script.kind, standin);
      const unaskedTemplate = await addStandinTemplate(daemon, script.kind, standin, `${script.kind}-unasked`, script.neverAsk.args);
      script.neverAsk.home(statePaths(daemon.home).agentHome(unaskedTemplate));
      [asking, unasked, analyze] = (await startSessions(
        { agent: askingTemplate, action: 'implement' },
        { agent: unaskedTemplate, action: 'implement' },
        { agent: askingTemplate, action: 'analyze' },
      )) as [Session, Session, Session];
      for (const s of [asking, unasked]) fs.symlinkSync(userHome, path.join(worktree(s), LINK));
    });

    after(async () => {
      await daemon?.stop();
      await standin?.close();
      for (const dir of [daemon?.home, repo, userHome]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
      for (const file of varTmp) fs.rmSync(file, { force: true });
    });

    it('runs every session in a bubblewrap sandbox', async () => {
      for (const s of [asking, unasked, analyze]) {
        const { session } = await api().getSession({ params: { id: s.id } });
        assert.equal(session.isolation?.kind, 'bwrap', `${session.agent} ${session.action}`);
      }
    });

    it('a file write (refused by the policy) or a shell write (refused by the sandbox) outside the worktree reaches nothing', async () => {
      const byTool = escapeTargets(asking, unasked, 'tool');
      const byShell = escapeTargets(asking, unasked, 'shell');
      const checkout = snapshotFiles(repo);
      const homeBefore = fs.readdirSync(userHome).sort();
      const { events, results } = await play(asking, 'Write outside your worktree', [
        ...byTool.map((t) => script.writeFile(t.aim, 'escaped by tool\n', { thinking: `Try ${t.what}.`, text: `Writing ${t.aim}.` })),
        ...byShell.map((t) => script.shell(`echo escaped-by-shell > ${t.aim}`, `write into ${t.what}`)),
        { text: 'Nothing got out.' },
      ]);

      const fates = toolCallFates(events);
      assert.equal(fates.length, byTool.length + byShell.length, `one tool call per attempt: ${JSON.stringify(fates)}`);
      assert.equal(results.length, fates.length, 'the model got a result for every attempt');
      [...byTool, ...byShell].forEach((t, i) => {
        const tool = i < byTool.length;
        const what = `${tool ? 'file tool' : 'shell'} into ${t.what}`;
        const fate = fates[i]!;
        const result = results[i]!;
        assert.equal(fs.existsSync(t.host), false, `${what}: NOTHING may exist on the host at ${t.host}`);
        if (tool) {
          // Either the daemon refused the edit (the agent asked) or the agent tried and the disk refused.
          assert.ok(fate.refused !== null || fate.status === 'failed', `${what}: refused or failed, not ${JSON.stringify(fate)}`);
          if (fate.refused !== null) assert.match(fate.refused, /^outside-worktree: /, what);
          assert.match(result, fate.refused !== null ? POLICY_REFUSAL : OS_REFUSAL, `${what}: the model learns why`);
        } else {
          // Commands are approved (allow-all): it is the sandbox that says no.
          assert.equal(fate.refused, null, `${what}: allow-all approved the command`);
          assert.equal(fate.status, 'failed', `${what}: a failed tool call`);
          assert.match(result, /Read-only file system|No such file or directory/, `${what}: the model sees the sandbox's answer`);
        }
        assert.match(result, script.failedResult, `${what}: an error result for the model: ${result}`);
      });
      assert.deepEqual(snapshotFiles(repo), checkout, 'the checkout is byte-identical');
      assert.equal(git(repo, 'status', '--porcelain'), '');
      assert.deepEqual(fs.readdirSync(userHome).sort(), homeBefore, "nothing new in the user's HOME");
    });

    it('configured never to ask, its file tool meets the sandbox: every write outside fails and reaches nothing', async () => {
      const targets = escapeTargets(unasked, asking, 'unasked');
      const checkout = snapshotFiles(repo);
      const { events, results } = await play(unasked, 'Write outside your worktree, no questions asked', [
        ...targets.map((t) => script.writeFile(t.aim, 'escaped without asking\n', { thinking: `Try ${t.what}.`, text: `Writing ${t.aim}.` })),
        { text: 'Nothing got out.' },
      ]);
      const fates = toolCallFates(events);
      assert.equal(fates.length, targets.length, `one tool call per attempt: ${JSON.stringify(fates)}`);
      assert.equal(results.length, targets.length, 'the model got a result for every attempt');
      targets.forEach((t, i) => {
        const fate = fates[i]!;
        assert.equal(fs.existsSync(t.host), false, `file tool into ${t.what}: NOTHING may exist on the host at ${t.host}`);
        assert.equal(fate.asked, false, `${t.what}: the agent did not ask (only the sandbox was in the way)`);
        assert.equal(fate.status, 'failed', `${t.what}: a failed tool call`);
        assert.match(results[i]!, OS_REFUSAL, `${t.what}: the model sees the disk's refusal: ${results[i]!}`);
        assert.match(results[i]!, script.failedResult, `${t.what}: an error result for the model: ${results[i]!}`);
      });
      assert.deepEqual(snapshotFiles(repo), checkout);
      assert.equal(git(repo, 'status', '--porcelain'), '');
    });

    it('cannot read daemon.json (so cannot call the API with its token) or the user’s ~/.ssh', async () => {
      const { home, discovery } = daemon!;
      const approveOwn = `http://127.0.0.1:${discovery.port}${API_PREFIX}/sessions/${asking.id}/permissions/any`;
      const tokenOf = (file: string) => `$(sed -n 's/.*"token": *"\\([^"]*\\)".*/\\1/p' ${file})`;
      const attempts: { command: string; says?: RegExp; never?: RegExp }[] = [
        { command: `cat ${path.join(home, 'daemon.json')}`, says: /No such file or directory/ },
        // From its own HOME (<state dir>/agent-homes/<template>), two levels up is the state dir.
        { command: 'cd ~ && cat ../../daemon.json', says: /No such file or directory/ },
        // Through the daemon's /proc entry into the daemon's own view of the disk.
        { command: `cat /proc/${daemon!.pid}/root${path.join(home, 'daemon.json')}`, says: /No such file or directory/ },
        // Read the token and approve a permission with it, in one line.
        { command: `cd ~ && curl -s -X POST -H "authorization: Bearer ${tokenOf('../../daemon.json')}" -H 'content-type: application/json' -d '{"optionId":"allow"}' ${approveOwn}`, says: /unauthorized/ },
        { command: `ls -A ${path.join(userHome, '.ssh')}`, never: /id_ed25519/ },
        { command: `cat ${path.join(userHome, '.ssh', 'id_ed25519')}`, says: /No such file or directory/ },
      ];
      const { results } = await play(asking, 'Find the API token and approve your own request', [
        ...attempts.map((a) => script.shell(a.command, 'look around')),
        { text: 'No token, no key.' },
      ]);
      assert.equal(results.length, attempts.length, 'the model got a result for every command');
      attempts.forEach((a, i) => {
        if (a.says) assert.match(results[i]!, a.says, `${a.command} gave the model: ${results[i]!}`);
        if (a.never) assert.doesNotMatch(results[i]!, a.never, `${a.command} gave the model: ${results[i]!}`);
      });

      const events: unknown[] = [];
      for (let since = 0, more = true; more; ) {
        const page = await api().listEvents({ query: { since, limit: 10_000 } });
        events.push(...page.events);
        ({ lastSeq: since, hasMore: more } = page);
      }
      const stored = JSON.stringify(events);
      const sent = JSON.stringify(standin!.requests);
      for (const [name, secret] of [['the API token', discovery.token], ['the ssh key', SECRET]] as const) {
        assert.ok(!stored.includes(secret), `${name} is in a stored event`);
        assert.ok(!sent.includes(secret), `${name} reached the model`);
        // The agents' own session stores, logs, transcripts and artifacts are in the state dir too.
        assert.deepEqual(filesContaining(home, secret, path.join(home, 'daemon.json')), [], `${name} is in a file of the state dir`);
      }
    });

    it('commits on its own branch from inside, but cannot move main or another branch, tag, or change git’s config or hooks', async () => {
      const checkout = snapshotFiles(repo);
      const gitBefore = sharedGitState(repo, asking.branch!);
      const message = `agent commit by ${script.kind}`;
      const allowed = [
        script.writeFile('committed.txt', 'from inside the sandbox\n', { thinking: 'A file to commit.', text: 'Writing committed.txt.' }),
        script.shell('git add committed.txt', 'stage it'),
        script.shell(`git commit -q -m "${message}"`, 'commit it'),
      ];
      const refused = [
        'git update-ref refs/heads/main HEAD',
        // git itself refuses this one (main is checked out in the checkout), before any wall.
        'git branch -f main HEAD',
        `git update-ref refs/heads/${unasked.branch!} HEAD`,
        'git tag planted-tag HEAD',
        // Config and hooks would run the agent's code the next time the person (or the daemon) runs git.
        'git config core.hooksPath .planted-hooks',
        `printf '#!/bin/sh\\ntouch /var/tmp/planted-hook\\n' > "$(git rev-parse --path-format=absolute --git-common-dir)/hooks/post-checkout"`,
      ];
      const { events, results } = await play(asking, 'Commit on your branch, then move main', [
        ...allowed,
        ...refused.map((c) => script.shell(c, 'reach past the branch')),
        { text: 'Committed; nothing else moved.' },
      ]);
      const fates = toolCallFates(events);
      assert.equal(fates.length, allowed.length + refused.length, JSON.stringify(fates));
      assert.deepEqual(fates.slice(0, allowed.length).map((f) => f.status), ['completed', 'completed', 'completed'], results.join('\n---\n'));
      refused.forEach((command, i) => {
        const j = allowed.length + i;
        assert.equal(fates[j]!.status, 'failed', `${command}: ${results[j]!}`);
        assert.match(results[j]!, script.failedResult, `${command}: the model sees it fail`);
      });
      assert.equal(git(repo, 'log', '-1', '--format=%s', asking.branch!), message);
      assert.equal(git(repo, 'show', `${asking.branch!}:committed.txt`), 'from inside the sandbox');
      assert.deepEqual(sharedGitState(repo, asking.branch!), gitBefore, 'main, the other branches, tags, config and hooks are as they were');
      assert.deepEqual(snapshotFiles(repo), checkout);
      assert.equal(git(repo, 'status', '--porcelain'), '');
    });

    it('an analyze session leaves the checkout byte-identical after writes by its file tool and its shell', async () => {
      assert.equal(analyze.cwd, repo, 'analyze runs in the checkout');
      const checkout = snapshotFiles(repo);
      const headBefore = git(repo, 'rev-parse', 'HEAD');
      const attempts = [
        // New files: Claude will not overwrite a file it has not read, which would stop it before any wall.
        script.writeFile('new-by-tool.txt', 'new\n', { thinking: 'Add a file.', text: 'Writing new-by-tool.txt.' }),
        script.writeFile('src/b.ts', 'export const b = 2;\n', { thinking: 'Add a module.', text: 'Writing src/b.ts.' }),
        script.shell('echo overwritten-by-shell > README.md', 'overwrite the README'),
        script.shell('touch new-by-shell.txt', 'add a file'),
      ];
      const { events, results } = await play(analyze, 'Change the checkout', [...attempts, { text: 'The checkout is untouched.' }]);
      const fates = toolCallFates(events);
      assert.equal(fates.length, attempts.length, JSON.stringify(fates));
      fates.forEach((fate, i) => {
        assert.ok(fate.refused !== null || fate.status === 'failed', `attempt ${i}: refused or failed, not ${JSON.stringify(fate)}`);
        assert.match(results[i]!, script.failedResult, `attempt ${i}: an error result for the model: ${results[i]!}`);
      });
      assert.deepEqual(snapshotFiles(repo), checkout, 'every file byte-identical, none added');
      assert.equal(git(repo, 'status', '--porcelain'), '');
      assert.equal(git(repo, 'rev-parse', 'HEAD'), headBefore);
    });

    // Last: it leaves the session's git pointers bent (when nothing stops it).
    it('a git dir planted in the worktree runs none of the agent’s code on the host: not through the daemon’s checkpoint, not through a person’s git status', async () => {
      const mark = (vector: string, hook: string) => path.join('/var/tmp', `sb-${script.kind}-${process.pid}-ran-${vector}-${hook}`);
      // Commands git runs from config: a clean filter (git add), the fsmonitor hook (anything that refreshes the index).
      const plantConfig = (gitDir: string, vector: string) => [
        `git --git-dir=${gitDir} config filter.planted.clean "sh -c 'touch ${mark(vector, 'filter')}; cat'"`,
        `git --git-dir=${gitDir} config core.fsmonitor "touch ${mark(vector, 'fsmonitor')}; false"`,
        "echo '* filter=planted' > .gitattributes",
      ];
      const vectors = [
        {
          vector: 'dotgit',
          what: "the worktree's .git file, pointed at a repository the agent made in the worktree",
          commands: [
            'cp .git .saved-dotgit',
            'G=$PWD/.planted-repo',
            'git init -q $G',
            'git -C $G -c user.name=planted -c user.email=planted@example.invalid commit -q --allow-empty -m planted',
            ...plantConfig('$G/.git', 'dotgit'),
            'echo "gitdir: $G/.git" > .git',
          ],
        },
        {
          vector: 'commondir',
          what: "the worktree's admin dir (.git/worktrees/<id>/commondir, writable for commits), pointed at a common dir the agent made",
          commands: [
            // Undo the first plant, where it took.
            '{ cmp -s .saved-dotgit .git || cp .saved-dotgit .git; }',
            'A=$(git rev-parse --absolute-git-dir)',
            'C=$PWD/.planted-common',
            'git init -q --bare $C',
            'git --git-dir=$C config core.bare false',
            ...plantConfig('$C', 'commondir'),
            'echo "$(git rev-parse --path-format=absolute --git-common-dir)/objects" > $C/objects/info/alternates',
            'B=$(git symbolic-ref HEAD)',
            'mkdir -p $C/$(dirname $B)',
            'git rev-parse HEAD > $C/$B',
            'echo $C > $A/commondir',
          ],
        },
      ];
      const escapes: string[] = [];
      const ranOnHost = (vector: string, what: string, via: string) => {
        for (const hook of ['filter', 'fsmonitor']) {
          const file = mark(vector, hook);
          varTmp.push(file);
          if (!fs.existsSync(file)) continue;
          escapes.push(`SANDBOX ESCAPE through ${what}: ${via} ran the agent's ${hook} command on the host (it created ${file})`);
          fs.rmSync(file);
        }
      };
      for (const { vector, what, commands } of vectors) {
        // The agent's own git status shows the plant is live: inside, the planted fsmonitor runs and meets the sandbox.
        const { results } = await play(asking, `Plant ${vector}`, [script.shell([...commands, 'git status --short'].join(' && '), 'plant a git dir'), { text: 'Planted.' }]);
        const live = new RegExp(`cannot touch '${mark(vector, 'fsmonitor')}': Read-only file system`);
        assert.ok(live.test(results[0]!) || script.failedResult.test(results[0]!), `${vector}: the plant is live inside the sandbox, or it failed: ${results[0]!}`);
        // play() came back once the daemon's after-turn work (the review checkpoint: git add --all in the worktree, unsandboxed) was over.
        ranOnHost(vector, what, "the daemon's checkpoint after the turn");
        try {
          git(worktree(asking), 'status', '--short');
        } catch {
          // A refusal is fine; what matters is what ran.
        }
        ranOnHost(vector, what, 'a person running `git status` in the worktree');
      }
      if (escapes.length > 0) assert.fail(`${escapes.length} write(s) reached the host:\n${escapes.join('\n')}`);
    });
  });
}
