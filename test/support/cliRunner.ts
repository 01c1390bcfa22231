// The bundled CLI (dist/cli.cjs) as a subprocess on a test daemon's state dir. Asynchronous on
// purpose: a test's model stand-in serves agents from this process, and a synchronous spawn
// would freeze it for as long as the command waits on the agent.
import { execFile } from 'node:child_process';
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
    const env = { ...process.env };
    // The CLI must find this test's daemon through --home, whatever the shell running the tests has set.
    delete env['SWITCHBOARD_HOME'];
    delete env['SWITCHBOARD_PORT'];
    return new Promise((resolve) => {
      execFile(process.execPath, [CLI_BUNDLE, '--home', this.home, ...args], { env, encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, out: stdout, err: stderr });
      });
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
