// `switchboard projects remove` and `projects branches` against the real daemon and the demo
// agent: --dry-run shows exactly what goes and removes nothing; off a terminal, removal needs
// --yes; a live session makes it fail naming the session; --delete-branches deletes the session
// branches; the repository stays; `projects branches` lists what a default branch can be.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Session } from '../../daemon/protocol/entities.js';
import type { ProjectRemovalPreview } from '../../daemon/protocol/projectRoutes.js';
import { CliRunner } from '../support/cliRunner.js';
import { DaemonProcess, git, makeRepo } from '../support/daemonHarness.js';

describe('CLI: projects remove and branches', function () {
  this.timeout(120_000);
  let daemon: DaemonProcess;
  let cli: CliRunner;
  let repo: string;

  before(async () => {
    daemon = await DaemonProcess.start();
    cli = new CliRunner(daemon.home);
    repo = makeRepo();
    git(repo, 'branch', 'develop');
    await cli.ok('projects', 'add', repo, '--slug', 'rm-me');
  });
  after(async () => daemon?.stop());

  const send = async (prompt: string, policy: string) => (await cli.json<{ session: Session }>('send', 'demo', 'implement', 'rm-me', '--prompt', prompt, '--policy', policy)).session;

  it('lists the branches a default can be, without the session branches', async () => {
    const done = await send('write a.txt a', 'allow-all');
    await daemon.waitForState(done.id, ['completed']);
    const out = await cli.ok('projects', 'branches', 'rm-me');
    assert.match(out, /^BRANCH\s+COMMIT/m);
    assert.match(out, new RegExp(`^\\* main\\s+${git(repo, 'rev-parse', 'main').slice(0, 12)}\\s+default$`, 'm'));
    assert.match(out, /^ {2}develop\s+[0-9a-f]{12}$/m);
    assert.ok(!out.includes('switchboard/'), out);
  });

  it('fails naming a live session, with nothing removed', async () => {
    const waiting = await send('edit something', 'ask');
    await daemon.waitForState(waiting.id, ['waiting_for_user']);
    const dry = await cli.ok('projects', 'remove', 'rm-me', '--dry-run');
    assert.match(dry, /^REFUSED while these sessions are live/m);
    assert.match(dry, new RegExp(`^ {2}${waiting.shortId} {2}waiting_for_user {2}edit something$`, 'm'));
    const refused = await cli.run('projects', 'remove', 'rm-me', '--yes');
    assert.equal(refused.code, 1);
    assert.match(refused.err, new RegExp(`has 1 live session: ${waiting.shortId} "edit something" \\(waiting for user\\)`));
    assert.ok(fs.existsSync(waiting.worktreePath!));
    await cli.ok('stop', waiting.id);
  });

  it('--dry-run shows exactly what goes and removes nothing; without --yes off a terminal it refuses; --yes removes it', async () => {
    const preview = await cli.json<ProjectRemovalPreview>('projects', 'remove', 'rm-me', '--dry-run');
    assert.equal(preview.sessions.length, 2);
    assert.equal(preview.worktrees.length, 2);
    assert.equal(preview.branches.length, 2);
    const text = await cli.ok('projects', 'remove', 'rm-me', '--dry-run', '--delete-branches');
    assert.match(text, /^would remove \(dry run\):$/m);
    assert.match(text, new RegExp(`^repository: +${preview.project.repoPath.replace(/[.]/g, '\\.')} — kept`, 'm'));
    for (const w of preview.worktrees) assert.ok(text.includes(`  ${w}\n`), `${w} listed`);
    assert.match(text, /^branches: +2 \(deleted\)$/m);
    assert.deepEqual(await cli.json<ProjectRemovalPreview>('projects', 'remove', 'rm-me', '--dry-run'), preview, 'a dry run changes nothing');

    const unasked = await cli.run('projects', 'remove', 'rm-me');
    assert.equal(unasked.code, 2);
    assert.match(unasked.err, /refusing to remove without --yes when no one can answer on a terminal/);
    assert.match(unasked.err, /^removing the project would remove:$/m);

    const out = await cli.ok('projects', 'remove', 'rm-me', '--yes', '--delete-branches');
    assert.match(out, /^removed project rm-me; 2 session\(s\); 2 worktree\(s\); 2 branch\(es\) deleted$/m);
    for (const w of preview.worktrees) assert.ok(!fs.existsSync(w), `${w} removed`);
    assert.equal(git(repo, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/'), 'develop\nmain', 'only the user’s branches are left');
    const gone = await cli.run('projects', 'show', 'rm-me');
    assert.equal(gone.code, 1);
    assert.match(gone.err, /no project "rm-me"/);
  });
});
