// How the CLI is called: usage mistakes exit 2 with the command's usage, help exits 0, and the
// real entry point turns results into process exit statuses.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unionOptions } from '../../cli/args.js';
import { COMMANDS } from '../../cli/commandTable.js';
import { runCli } from '../../cli/run.js';
import { captureIo } from './fixtures.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('CLI usage', () => {
  let home: string;
  before(() => {
    home = mkdtempSync(join(tmpdir(), 'sb-cli-usage-'));
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  async function run(...args: string[]) {
    const io = captureIo();
    const code = await runCli(['--home', home, ...args], io, { cliDir: home });
    return { code, out: io.out(), err: io.err() };
  }

  const usageMistakes: [string, string[], RegExp][] = [
    ['an unknown flag', ['health', '--bogus'], /Unknown option '--bogus'[\s\S]*usage: switchboard health/],
    ['a flag of another command', ['health', '--prompt', 'x'], /Unknown option '--prompt'/],
    ['an unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['an unknown subcommand', ['projects', 'frob'], /unknown command "projects frob" \(try list, add, show[,)]/],
    ['a group without subcommand that has no list', ['daemon'], /daemon: name a subcommand \(start, stop, status\)/],
    ['a missing argument', ['sessions', 'show'], /sessions show: missing <id>/],
    ['an extra argument', ['cancel', 'a', 'b'], /cancel: unexpected argument "b"/],
    ['a missing required flag', ['send', 'demo', 'implement', 'p'], /send: --prompt TEXT is required/],
    ['an unknown action', ['send', 'demo', 'fix', 'p', '--prompt', 'x'], /the action must be one of analyze, review, plan, implement/],
    ['an unknown policy', ['send', 'demo', 'plan', 'p', '--prompt', 'x', '--policy', 'yolo'], /--policy must be one of ask, allow-reads, allow-all/],
    ['an unknown session state', ['sessions', 'list', '--state', 'running,sleeping'], /"sleeping" is not a session state/],
    ['a non-numeric --since', ['events', '--since', 'yesterday'], /--since must be a whole number/],
    ['a missing flag value', ['send', 'demo', 'plan', 'p', '--prompt'], /argument missing/],
  ];
  for (const [what, args, message] of usageMistakes) {
    it(`exits 2 on ${what}`, async () => {
      const r = await run(...args);
      assert.equal(r.code, 2, r.err);
      assert.equal(r.out, '');
      assert.match(r.err, /^switchboard: /);
      assert.match(r.err, message);
    });
  }

  it('prints the overall usage on stderr and exits 2 when called with nothing', async () => {
    const r = await run();
    assert.equal(r.code, 2);
    assert.match(r.err, /^Usage: switchboard/);
  });

  it('help lists every command on stdout and exits 0', async () => {
    const r = await run('help');
    assert.equal(r.code, 0);
    for (const c of COMMANDS) assert.ok(r.out.includes(`  ${c.words.join(' ')}`), `help lists ${c.words.join(' ')}`);
  });

  it('help <command> and <command> --help show that command with its flags', async () => {
    const a = await run('help', 'send');
    const b = await run('send', '--help');
    assert.equal(a.code, 0);
    assert.equal(b.code, 0);
    assert.equal(a.out, b.out);
    assert.match(a.out, /^Usage: switchboard send <agent> <action> <project> \[scope\] --prompt TEXT/);
    assert.match(a.out, /--wait/);
  });

  it('accepts global flags before or after the command words', async () => {
    const r = await run('--json', 'sessions', '--all', 'list');
    assert.equal(r.code, 1);
    assert.match(r.err, /the daemon is not running/);
  });

  it('declares each flag with one value kind across all commands', () => {
    assert.doesNotThrow(() => unionOptions(COMMANDS));
  });
});

describe('CLI entry point (a real process)', function () {
  this.timeout(30_000);
  let home: string;
  before(() => {
    home = mkdtempSync(join(tmpdir(), 'sb-cli-proc-'));
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  function cli(...args: string[]) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'cli', 'main.ts'), '--home', home, ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 20_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }

  it('exits 0 for help, 2 for a usage mistake, 1 when the daemon is not running', () => {
    assert.equal(cli('help').code, 0);
    const usage = cli('sessions', 'list', '--nope');
    assert.equal(usage.code, 2);
    assert.match(usage.err, /Unknown option '--nope'/);
    const down = cli('sessions', 'list', '--json');
    assert.equal(down.code, 1);
    assert.equal(down.out, '');
    assert.equal(down.err, 'switchboard: the daemon is not running; start it with `switchboard daemon start`\n');
  });
});
