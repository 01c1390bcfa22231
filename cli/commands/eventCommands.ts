// `events` (the stored log, optionally followed live) and `logs` (a session's agent log tail).
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import type { StreamEvent } from '../../daemon/protocol/eventStream.js';
import type { RouteResponse } from '../../daemon/protocol/routes.js';
import { arg, boolOpt, intOpt, stringOpt, type CommandSpec } from '../args.js';
import type { CommandContext } from '../context.js';
import { eventLine } from '../format.js';

const PAGE = 1000;
const LOST_AFTER_MS = 30_000;
const LOG_POLL_MS = 1_000;

interface EventFilter {
  session?: string;
  project?: string;
}

async function listStored(ctx: CommandContext, filter: EventFilter, since: number, limit: number | undefined): Promise<number> {
  const client = ctx.client();
  const events: StreamEvent[] = [];
  let cursor = since;
  let last: RouteResponse<'listEvents'> | undefined;
  for (;;) {
    const want = limit === undefined ? PAGE : Math.min(PAGE, limit - events.length);
    const res = await client.api.listEvents({ query: { ...filter, since: cursor, limit: want } });
    last = res;
    events.push(...res.events);
    const tail = res.events.at(-1);
    if (!res.hasMore || !tail || (limit !== undefined && events.length >= limit)) break;
    cursor = tail.seq;
  }
  // One page is printed exactly as answered; several are joined into one answer of the same shape.
  if (ctx.json) ctx.printJson({ ...last, events });
  else if (events.length === 0) ctx.out('no events');
  else ctx.out(events.map(eventLine).join('\n'));
  return 0;
}

/** Streams events (backlog after `since`, then live) until `limit` events or Ctrl-C. */
function followLive(ctx: CommandContext, filter: EventFilter, since: number, limit: number | undefined): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let seen = 0;
    let lostTimer: ReturnType<typeof setTimeout> | null = null;
    let lastError = '';
    const stream = ctx.openStream({
      since,
      ...filter,
      onEvent: (e) => {
        if (ctx.json) ctx.printJsonLine(e);
        else ctx.out(eventLine(e));
        seen++;
        if (limit !== undefined && seen >= limit) {
          stream.close();
          if (lostTimer) clearTimeout(lostTimer);
          resolve(0);
        }
      },
      onError: (err) => {
        lastError = err.message;
      },
      onStateChange: (state) => {
        if (state === 'live' && lostTimer) {
          clearTimeout(lostTimer);
          lostTimer = null;
        } else if (state === 'backoff' && lostTimer === null) {
          lostTimer = setTimeout(() => {
            stream.close();
            reject(new SwitchboardError('unavailable', `lost the event stream${lastError ? ` (${lastError})` : ''}`));
          }, LOST_AFTER_MS);
        }
      },
    });
  });
}

/**
 * The lines of `next` that follow what `prev` already showed. The tail window slides as the log
 * grows, so `next` holds the end of `prev` (all of it, or a part cut at the window's start)
 * followed by the new lines: find the latest place where it ends. With nothing in common, the
 * log outran the window and everything is new.
 */
export function newLogLines(prev: readonly string[], next: readonly string[]): string[] {
  const anchor = prev.slice(-Math.min(prev.length, 20));
  for (let end = next.length; end > 0 && anchor.length > 0; end--) {
    const k = Math.min(anchor.length, end);
    if (anchor.slice(-k).every((line, i) => next[end - k + i] === line)) return next.slice(end);
  }
  return [...next];
}

export const eventCommands: CommandSpec[] = [
  {
    words: ['events'],
    args: '',
    summary: 'The event log (filtered; live with --follow)',
    options: {
      session: { type: 'string', valueName: 'S', help: 'only this session' },
      project: { type: 'string', valueName: 'P', help: 'only this project (slug or id)' },
      since: { type: 'string', valueName: 'N', help: 'only events after seq N' },
      follow: { type: 'boolean', help: 'keep printing new events until Ctrl-C (or --limit)' },
      limit: { type: 'string', valueName: 'N', help: 'at most N events' },
    },
    positionals: { min: 0, max: 0 },
    async run(ctx, a) {
      const session = stringOpt(a, 'session');
      const project = stringOpt(a, 'project');
      const filter: EventFilter = {
        ...(session !== undefined ? { session } : {}),
        ...(project !== undefined ? { project } : {}),
      };
      const since = intOpt(a, 'since') ?? 0;
      const limit = intOpt(a, 'limit', 1);
      return boolOpt(a, 'follow') ? await followLive(ctx, filter, since, limit) : await listStored(ctx, filter, since, limit);
    },
  },
  {
    words: ['logs'],
    args: '<id>',
    summary: "The tail of a session's agent log (stderr and daemon notes)",
    options: {
      lines: { type: 'string', valueName: 'N', help: 'how many lines (default 100)' },
      follow: { type: 'boolean', help: 'keep printing new lines until Ctrl-C' },
    },
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const id = arg(a, 0);
      const lines = intOpt(a, 'lines', 1) ?? 100;
      const client = ctx.client();
      const first = await client.api.logTail({ params: { id }, query: { lines } });
      if (ctx.json) ctx.printJson(first);
      else if (first.lines.length > 0) ctx.out(first.lines.join('\n'));
      if (!boolOpt(a, 'follow')) return 0;
      // The API serves tails, not offsets: poll and print what is new since the last tail.
      let prev = first.lines;
      for (;;) {
        await new Promise((r) => setTimeout(r, LOG_POLL_MS));
        const next = await client.api.logTail({ params: { id }, query: { lines: Math.max(lines, 200) } });
        const fresh = newLogLines(prev, next.lines);
        prev = next.lines;
        if (fresh.length === 0) continue;
        if (ctx.json) ctx.printJsonLine({ lines: fresh });
        else ctx.out(fresh.join('\n'));
      }
    },
  },
];
