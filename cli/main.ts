// Entry point of the `switchboard` CLI (bundled to dist/cli.cjs).
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processIo } from './io.js';
import { runCli } from './run.js';

const cliDir = dirname(fileURLToPath(import.meta.url));

// `switchboard events | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

runCli(process.argv.slice(2), processIo(), { cliDir }).then(
  (code) => {
    process.exitCode = code;
    // Idle keep-alive sockets must not hold the process open once the command is done;
    // unref'd, this timer only fires if something else still keeps the loop alive.
    setTimeout(() => process.exit(code), 100).unref();
  },
  (err: unknown) => {
    process.stderr.write(`switchboard: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
