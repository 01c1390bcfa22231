// Command-line parsing: one table of command specs drives parsing, dispatch and the usage
// text, so a command's words, flags and help never drift apart. Parsing is `node:util`
// parseArgs in strict mode: an unknown flag is a usage error (exit 2), never silently ignored.
import { parseArgs } from 'node:util';
import type { CommandContext } from './context.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** Shown in usage: `--port N`. */
  valueName?: string;
  /** The command cannot run without it (a usage error otherwise). */
  required?: boolean;
  help: string;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandArgs {
  positionals: string[];
  values: OptionValues;
}

export interface CommandSpec {
  /** The words naming the command: `['projects', 'add']`. */
  words: readonly string[];
  /** Positional arguments as shown in usage: `<path>`. */
  args: string;
  summary: string;
  options?: Record<string, OptionSpec>;
  /** How many positionals it takes; `max: Infinity` joins free text (`followup <id> <text…>`). */
  positionals: { min: number; max: number };
  run(ctx: CommandContext, args: CommandArgs): Promise<number>;
}

/** A mistake in how the CLI was called: exit 2 with usage text. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: CommandSpec,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  home: { type: 'string', valueName: 'DIR', help: 'state directory (default $SWITCHBOARD_HOME, else ~/.switchboard)' },
  json: { type: 'boolean', help: 'print the raw response JSON on stdout' },
  help: { type: 'boolean', short: 'h', help: 'show help' },
};

export interface ParsedCommandLine {
  command: CommandSpec | null;
  args: CommandArgs;
  global: { home?: string; json: boolean; help: boolean };
}

type ParseArgsOptions = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function toParseArgs(specs: Record<string, OptionSpec>): ParseArgsOptions {
  const out: NonNullable<ParseArgsOptions> = {};
  for (const [name, s] of Object.entries(specs)) {
    out[name] = {
      type: s.type,
      ...(s.multiple ? { multiple: true } : {}),
      ...(s.short !== undefined ? { short: s.short } : {}),
    };
  }
  return out;
}

/** Every flag any command knows; a flag name means the same kind of value in every command. */
export function unionOptions(commands: readonly CommandSpec[]): Record<string, OptionSpec> {
  const all: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS };
  for (const c of commands) {
    for (const [name, s] of Object.entries(c.options ?? {})) {
      const seen = all[name];
      if (seen && (seen.type !== s.type || Boolean(seen.multiple) !== Boolean(s.multiple))) {
        throw new Error(`flag --${name} is declared with different types by different commands`);
      }
      all[name] ??= s;
    }
  }
  return all;
}

function strictParse(argv: string[], options: Record<string, OptionSpec>, command?: CommandSpec): CommandArgs {
  try {
    const r = parseArgs({ args: argv, options: toParseArgs(options), strict: true, allowPositionals: true });
    // Strict parsing with our specs yields exactly these value shapes.
    return { positionals: r.positionals, values: r.values as OptionValues };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err), command);
  }
}

/**
 * Two passes: the first, lenient and knowing every flag (so it knows which flags take values),
 * finds the command words wherever global flags sit; the second, strict and with only that
 * command's flags, rejects anything else and can name the command in its usage message.
 */
export function parseCommandLine(argv: string[], commands: readonly CommandSpec[]): ParsedCommandLine {
  let first: { positionals: string[] };
  try {
    first = parseArgs({ args: argv, options: toParseArgs(unionOptions(commands)), strict: false, allowPositionals: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const words = first.positionals;
  const globalOf = (v: OptionValues) => ({
    ...(typeof v['home'] === 'string' ? { home: v['home'] } : {}),
    json: v['json'] === true,
    help: v['help'] === true,
  });
  if (words.length === 0 || words[0] === 'help') {
    const onlyGlobal = strictParse(argv, GLOBAL_OPTIONS);
    const global = globalOf(onlyGlobal.values);
    return {
      command: null,
      args: { positionals: onlyGlobal.positionals.slice(1), values: onlyGlobal.values },
      global: { ...global, help: global.help || words[0] === 'help' },
    };
  }

  const command = findCommand(words, commands);
  const second = strictParse(argv, { ...GLOBAL_OPTIONS, ...(command.options ?? {}) }, command);
  const positionals = second.positionals.slice(command.words.length);
  const global = globalOf(second.values);
  if (!global.help) {
    if (positionals.length < command.positionals.min) {
      throw new UsageError(`${command.words.join(' ')}: missing ${command.args || 'arguments'}`, command);
    }
    if (positionals.length > command.positionals.max) {
      throw new UsageError(`${command.words.join(' ')}: unexpected argument "${positionals[command.positionals.max]}"`, command);
    }
    for (const [name, spec] of Object.entries(command.options ?? {})) {
      const v = second.values[name];
      if (spec.required && (v === undefined || (typeof v === 'string' && v.trim() === ''))) {
        throw new UsageError(`${command.words.join(' ')}: --${name} ${spec.valueName ?? 'VALUE'} is required`, command);
      }
    }
  }
  return { command, args: { positionals, values: second.values }, global };
}

function findCommand(words: string[], commands: readonly CommandSpec[]): CommandSpec {
  let best: CommandSpec | undefined;
  for (const c of commands) {
    if (c.words.length <= words.length && c.words.every((w, i) => words[i] === w)) {
      if (!best || c.words.length > best.words.length) best = c;
    }
  }
  if (best) return best;
  const group = commands.filter((c) => c.words[0] === words[0]);
  if (group.length > 0) {
    // `switchboard projects` alone means `projects list`.
    const list = group.find((c) => c.words[1] === 'list');
    if (list && words.length === 1) return list;
    const subs = group.map((c) => c.words[1]).filter((w) => w !== undefined);
    throw new UsageError(
      words.length === 1
        ? `${words[0]}: name a subcommand (${subs.join(', ')})`
        : `unknown command "${words.slice(0, 2).join(' ')}" (try ${subs.join(', ')})`,
    );
  }
  throw new UsageError(`unknown command "${words[0]}"`);
}

export function stringOpt(a: CommandArgs, name: string): string | undefined {
  const v = a.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function boolOpt(a: CommandArgs, name: string): boolean {
  return a.values[name] === true;
}

export function listOpt(a: CommandArgs, name: string): string[] {
  const v = a.values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function intOpt(a: CommandArgs, name: string, min = 0): number | undefined {
  const v = stringOpt(a, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) {
    throw new UsageError(`--${name} must be a whole number${min > 0 ? ` of at least ${min}` : ''}, not "${v}"`);
  }
  return Number(v);
}

/** A flag whose value must be one of a fixed list: a wrong value is a usage error. */
export function choiceOpt<T extends string>(a: CommandArgs, name: string, choices: readonly T[]): T | undefined {
  const v = stringOpt(a, name);
  if (v === undefined) return undefined;
  if (!(choices as readonly string[]).includes(v)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, not "${v}"`);
  }
  return v as T;
}

/** Positional argument `i`; the spec's `min` guarantees the required ones exist. */
export function arg(a: CommandArgs, i: number): string {
  const v = a.positionals[i];
  if (v === undefined) throw new UsageError('missing argument');
  return v;
}

export function commandUsage(c: CommandSpec): string {
  const flags = Object.entries(c.options ?? {}).map(([name, s]) => {
    const value = s.type === 'string' ? ` ${s.valueName ?? 'VALUE'}` : '';
    return s.required ? `--${name}${value}` : `[--${name}${value}]${s.multiple ? '...' : ''}`;
  });
  return ['switchboard', ...c.words, c.args, ...flags].filter((p) => p.length > 0).join(' ');
}

export function commandHelp(c: CommandSpec): string {
  const lines = [`Usage: ${commandUsage(c)}`, '', c.summary];
  const opts = Object.entries(c.options ?? {});
  if (opts.length > 0) {
    lines.push('', 'Options:');
    for (const [name, s] of opts) {
      const flag = `--${name}${s.type === 'string' ? ` ${s.valueName ?? 'VALUE'}` : ''}`;
      lines.push(`  ${flag.padEnd(22)} ${s.help}`);
    }
  }
  lines.push('', 'Every command also takes --json (raw JSON on stdout) and --home DIR.');
  return lines.join('\n') + '\n';
}

export function overallUsage(commands: readonly CommandSpec[]): string {
  const rows = commands.map((c) => [[...c.words, c.args].filter((p) => p.length > 0).join(' '), c.summary] as const);
  const width = Math.min(44, Math.max(...rows.map(([left]) => left.length)) + 2);
  const lines = ['Usage: switchboard [--home DIR] [--json] <command> [options]', '', 'Commands:'];
  for (const [left, summary] of rows) lines.push(`  ${left.padEnd(width)}${summary}`);
  lines.push('', 'Global options:');
  for (const [name, s] of Object.entries(GLOBAL_OPTIONS)) {
    const flag = `--${name}${s.type === 'string' ? ` ${s.valueName ?? 'VALUE'}` : ''}`;
    lines.push(`  ${flag.padEnd(width)}${s.help}`);
  }
  lines.push('', 'Run `switchboard help <command>` for the flags of one command.');
  lines.push('Exit status: 0 ok, 1 error, 2 usage.');
  return lines.join('\n') + '\n';
}
