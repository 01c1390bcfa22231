// `daemon start|stop|status` and `health`.
import { intOpt, boolOpt, choiceOpt, type CommandSpec } from '../args.js';
import { SANDBOX_MODES } from '../../daemon/protocol/entities.js';
import { NOT_RUNNING_MESSAGE } from '../discovery.js';
import { isPidAlive } from '../../client/processAlive.js';
import { findRunningDaemon, type RunningDaemon } from '../../client/daemonProbe.js';
import { duration, keyValues } from '../format.js';
import type { Health } from '../../daemon/protocol/routes.js';
import type { CommandContext } from '../context.js';
import { runForeground, startDetached, stopDaemon } from '../daemonProcess.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';

function sessionCounts(h: Health): string {
  const parts = Object.entries(h.sessions)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${state} ${n}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

function daemonFacts(ctx: CommandContext, r: RunningDaemon): string {
  return keyValues([
    ['state', 'running'],
    ['home', ctx.home],
    ['pid', r.health.pid],
    ['port', r.discovery.port],
    ['version', r.health.version],
    ['started', r.discovery.startedAt],
    ['uptime', duration(r.health.uptimeMs)],
    ['sessions', sessionCounts(r.health)],
  ]);
}

/** Discovery facts for `--json`; the token stays out of output. */
function statusJson(ctx: CommandContext, r: RunningDaemon) {
  const { pid, port, version, startedAt } = r.discovery;
  return { running: true, home: ctx.home, pid, port, version, startedAt, health: r.health };
}

export const daemonCommands: CommandSpec[] = [
  {
    words: ['daemon', 'start'],
    args: '',
    summary: 'Start the daemon in the background (or in this terminal with --foreground)',
    options: {
      port: { type: 'string', valueName: 'N', help: 'port to listen on (default $SWITCHBOARD_PORT, else any free port)' },
      sandbox: { type: 'string', valueName: 'MODE', help: 'how agents are confined when their template names nothing: auto (default), bwrap, docker, none' },
      foreground: { type: 'boolean', help: 'run in this terminal until stopped' },
    },
    positionals: { min: 0, max: 0 },
    async run(ctx, a) {
      const start = { port: intOpt(a, 'port', 1), sandbox: choiceOpt(a, 'sandbox', SANDBOX_MODES) };
      const running = await findRunningDaemon(ctx.home);
      if (running) {
        if (ctx.json) ctx.printJson({ ...statusJson(ctx, running), alreadyRunning: true });
        else ctx.out(`the daemon is already running (pid ${running.health.pid}, port ${running.discovery.port})`);
        return 0;
      }
      if (boolOpt(a, 'foreground')) return await runForeground(ctx, start);
      const started = await startDetached(ctx, start);
      if (ctx.json) ctx.printJson({ ...statusJson(ctx, started), alreadyRunning: false });
      else ctx.out(`daemon started (pid ${started.health.pid}, port ${started.discovery.port}, home ${ctx.home})`);
      return 0;
    },
  },
  {
    words: ['daemon', 'stop'],
    args: '',
    summary: 'Stop the daemon (sessions are kept and can be resumed)',
    positionals: { min: 0, max: 0 },
    async run(ctx) {
      const running = await findRunningDaemon(ctx.home);
      if (!running) {
        const d = ctx.discovery();
        if (d && isPidAlive(d.pid)) {
          // Not proven to be our daemon (the pid may have been reused): do not signal it.
          throw new SwitchboardError(
            'unavailable',
            `the daemon named in ${ctx.home} (pid ${d.pid}) does not answer; if it is hung, end it with \`kill ${d.pid}\``,
          );
        }
        if (ctx.json) ctx.printJson({ running: false, stopped: false, home: ctx.home });
        else ctx.out('the daemon is not running');
        return 0;
      }
      const how = await stopDaemon(running);
      if (ctx.json) ctx.printJson({ running: false, stopped: true, pid: running.health.pid, how });
      else ctx.out(`daemon stopped (pid ${running.health.pid}${how === 'shutdown' ? '' : `, after ${how.toUpperCase()}`})`);
      return 0;
    },
  },
  {
    words: ['daemon', 'status'],
    args: '',
    summary: 'Whether the daemon runs, where, and what it holds',
    positionals: { min: 0, max: 0 },
    async run(ctx) {
      const running = await findRunningDaemon(ctx.home);
      if (!running) {
        if (ctx.json) ctx.printJson({ running: false, home: ctx.home });
        ctx.io.stderr(`switchboard: ${NOT_RUNNING_MESSAGE}\n`);
        return 1;
      }
      if (ctx.json) ctx.printJson(statusJson(ctx, running));
      else ctx.out(daemonFacts(ctx, running));
      return 0;
    },
  },
  {
    words: ['health'],
    args: '',
    summary: "The daemon's health answer",
    positionals: { min: 0, max: 0 },
    async run(ctx) {
      const h = await ctx.client().api.health();
      if (ctx.json) ctx.printJson(h);
      else {
        ctx.out(
          keyValues([
            ['status', h.status],
            ['version', h.version],
            ['pid', h.pid],
            ['uptime', duration(h.uptimeMs)],
            ['sessions', sessionCounts(h)],
          ]),
        );
      }
      return 0;
    },
  },
];
