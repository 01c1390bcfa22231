// One CLI invocation: parse, run the command, turn every failure into plain words and an exit
// status (0 ok, 1 error, 2 usage). Runs in-process so tests drive it without a subprocess.
import { SwitchboardError } from '../daemon/protocol/errors.js';
import { DaemonUnreachableError } from '../daemon/protocol/client.js';
import { UsageError, commandHelp, commandUsage, overallUsage, parseCommandLine, type CommandSpec } from './args.js';
import { COMMANDS } from './commandTable.js';
import { CommandContext } from './context.js';
import { NOT_RUNNING_MESSAGE } from './discovery.js';
import { resolveHome } from '../client/stateDir.js';
import type { Io } from './io.js';

export interface RunOptions {
  /** The folder of the CLI bundle, where `daemon.cjs` is looked for. */
  cliDir: string;
  timeoutMs?: number;
}

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

export async function runCli(argv: string[], io: Io, opts: RunOptions): Promise<number> {
  let command: CommandSpec | null = null;
  try {
    const parsed = parseCommandLine(argv, COMMANDS);
    command = parsed.command;
    if (!command) {
      // `help`, `help <command…>`, `--help`, or nothing at all.
      const topic = parsed.args.positionals;
      if (topic.length > 0) {
        const match = COMMANDS.find((c) => c.words.join(' ') === topic.join(' ')) ?? COMMANDS.find((c) => c.words[0] === topic[0]);
        if (!match) throw new UsageError(`no command "${topic.join(' ')}"`);
        io.stdout(commandHelp(match));
        return EXIT_OK;
      }
      if (parsed.global.help) {
        io.stdout(overallUsage(COMMANDS));
        return EXIT_OK;
      }
      io.stderr(overallUsage(COMMANDS));
      return EXIT_USAGE;
    }
    if (parsed.global.help) {
      io.stdout(commandHelp(command));
      return EXIT_OK;
    }
    const ctx = new CommandContext({
      io,
      home: resolveHome({ flag: parsed.global.home, env: io.env, cwd: io.cwd }),
      json: parsed.global.json,
      cliDir: opts.cliDir,
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    });
    return await command.run(ctx, parsed.args);
  } catch (err) {
    return reportError(io, err, command);
  }
}

function reportError(io: Io, err: unknown, command: CommandSpec | null): number {
  if (err instanceof UsageError) {
    const c = err.command ?? command;
    io.stderr(`switchboard: ${err.message}\n`);
    io.stderr(c ? `usage: ${commandUsage(c)}\n` : 'run `switchboard help` for the list of commands\n');
    return EXIT_USAGE;
  }
  if (err instanceof DaemonUnreachableError) {
    io.stderr(`switchboard: ${NOT_RUNNING_MESSAGE}\n  (${err.message})\n`);
    return EXIT_ERROR;
  }
  if (err instanceof SwitchboardError) {
    io.stderr(`switchboard: ${errorText(err)}\n`);
    return EXIT_ERROR;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr(`switchboard: ${message}\n`);
  return EXIT_ERROR;
}

/** The message, the field at fault when the message does not already name it, and the current state on conflicts. */
export function errorText(err: SwitchboardError): string {
  let text = err.message;
  if (err.field !== undefined && !text.startsWith(`${err.field}:`)) text += ` (field: ${err.field})`;
  const state = err.details?.['state'];
  if (typeof state === 'string' && !text.includes(state) && !text.includes(state.replace(/_/g, ' '))) {
    text += ` (the session is ${state})`;
  }
  return text;
}
