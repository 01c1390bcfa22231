// The bundled CLI (dist/cli.cjs) as a subprocess on a test daemon's state dir. Asynchronous on
// purpose: a test's model stand-in serves agents from this process, and a synchronous spawn
// would freeze it for as long as the command waits on the agent.
import { execFile, spawn } from 'node:child_process';
import { CLI_BUNDLE } from './daemonHarness.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export class CliRunner {
  constructor(private readonly home: string) {}

  /** Runs `switchboard --home <home> …args`; never throws on a non-zero exit. */
  run(...args: string[]): Promise<CliResult> {
    return new Promise((resolve) => {
      execFile(process.execPath, [CLI_BUNDLE, '--home', this.home, ...args], { env: cliEnv(), encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, out: stdout, err: stderr });
      });
    });
  }

  /** Like run, with `input` written to the CLI's stdin (what a person types into a login it runs). */
  runWithInput(input: string, ...args: string[]): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI_BUNDLE, '--home', this.home, ...args], { env: cliEnv(), timeout: 120_000 });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
      child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code: code ?? 1, out, err }));
      child.stdin.end(input);
    });
  }

  /** Runs the command and fails with its output unless it exits 0; answers stdout. */
  async ok(...args: string[]): Promise<string> {
    const r = await this.run(...args);
    if (r.code !== 0) throw new Error(`switchboard ${args.join(' ')} exited ${r.code}\nstdout: ${r.out}\nstderr: ${r.err}`);
    return r.out;
  }

  async json<T>(...args: string[]): Promise<T> {
    return JSON.parse(await this.ok(...args, '--json')) as T;
  }
}

/** The CLI must find a test's daemon through --home, whatever the shell running the tests has set. */
function cliEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['SWITCHBOARD_HOME'];
  delete env['SWITCHBOARD_PORT'];
  return env;
}
