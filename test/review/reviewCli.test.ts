// The review commands of the CLI against the real daemon: changes, diff, merge (a conflict is
// exit 1 with the files named), discard (refused without --yes off a terminal: exit 2), review.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../../cli/run.js';
import { ChangesSchema } from '../../daemon/protocol/reviewEntities.js';
import { captureIo } from '../cli/fixtures.js';
import { ReviewWorld, git, write } from './reviewFixtures.js';

describe('review: CLI commands', function () {
  this.timeout(120_000);
  let world: ReviewWorld;

  async function cli(args: string[], io = captureIo()) {
    const code = await runCli(['--home', world.daemon.home, ...args], io, { cliDir: join(world.daemon.home, 'no-bundle-here'), timeoutMs: 20_000 });
    return { code, out: io.out(), err: io.err() };
  }

  before(async function () {
    world = await ReviewWorld.start({ 'README.md': '# demo\n', 'app.txt': 'a\nb\n' });
  });
  after(async function () {
    await world?.stop();
  });

  it('changes, diff, review and a clean merge', async function () {
    const s = await world.session('hello.txt', 'hello');
    const table = await cli(['changes', s.shortId]);
    assert.equal(table.code, 0, table.err);
    assert.match(table.out, /^A\s+\+1 -0\s+untracked\s+hello\.txt$/m);
    assert.match(table.out, /^1 file\(s\), \+1 -0 \(base [0-9a-f]{12} → worktree\)$/m);
    const json = await cli(['changes', s.shortId, '--turn', '0', '--json']);
    assert.equal(ChangesSchema.parse(JSON.parse(json.out)).files[0]?.path, 'hello.txt');

    const diff = await cli(['diff', s.shortId, 'hello.txt']);
    assert.equal(diff.code, 0);
    assert.match(diff.out, /^\+hello$/m);

    const review = await cli(['review', s.shortId, '--checkpoints', 'none']);
    assert.equal(review.code, 0, review.err);
    assert.match(review.out, /^checkpoints:\s+none$/m);
    assert.match(review.out, /^0\s+[0-9a-f]{12}/m);

    const dry = await cli(['merge', s.shortId, '--dry-run']);
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /^can merge:\s+yes$/m);
    const merged = await cli(['merge', s.shortId, '--message', 'Say hello']);
    assert.equal(merged.code, 0, merged.err);
    assert.match(merged.out, /^merged session .* into main \(squash\): [0-9a-f]{12}, 1 file\(s\)/);
    assert.equal(git(world.repo, 'log', '-1', '--format=%s', 'main'), 'Say hello');
    const bad = await cli(['merge', s.shortId, '--strategy', 'rebase']);
    assert.equal(bad.code, 2);
  });

  it('a conflicting merge exits 1 and names the files; discard needs --yes off a terminal', async function () {
    const s = await world.session('app.txt', 'agent version');
    write(world.repo, 'app.txt', 'a\nuser\n');
    git(world.repo, 'commit', '-q', '-am', 'user edit');
    const r = await cli(['merge', s.shortId]);
    assert.equal(r.code, 1);
    assert.match(r.err, /would conflict in 1 file/);
    assert.match(r.err, /conflicting files:\n {2}app\.txt {2}\(CONFLICT \(content/);
    const j = await cli(['merge', s.shortId, '--json']);
    assert.equal(j.code, 1);
    assert.equal((JSON.parse(j.out) as { error: { details: { reason: string } } }).error.details.reason, 'merge_conflict');

    const refused = await cli(['discard', s.shortId]);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /discard would remove:/);
    const done = await cli(['discard', s.shortId, '--yes']);
    assert.equal(done.code, 0, done.err);
    assert.match(done.out, /^discarded 1 changed file\(s\) of session/);
    assert.equal(git(s.worktreePath, 'status', '--porcelain'), '');
  });
});
