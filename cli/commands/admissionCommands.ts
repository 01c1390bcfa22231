// `admission`: how many agents may run at once and the memory floor, what runs and what waits
// (with queue positions); `--max-agents` / `--memory-floor-mb` change the limits at once (queued
// sessions start if the new limits allow).
import type { AdmissionLimits, AdmissionSnapshot } from '../../daemon/protocol/fleetEntities.js';
import { intOpt, type CommandSpec } from '../args.js';
import type { CommandContext } from '../context.js';
import { keyValues, table, truncate } from '../format.js';

const BLOCKED_WORDS: Record<NonNullable<AdmissionSnapshot['blockedBy']>, string> = {
  cap: 'the cap of running agents',
  memory: 'available memory below the floor',
};

/** The snapshot in words; `titles` names sessions by their short id and title when known. */
export function admissionText(snap: AdmissionSnapshot, titles: ReadonlyMap<string, { shortId: string; title: string }>): string {
  const name = (id: string) => titles.get(id)?.shortId ?? id;
  const facts = keyValues([
    ['max agents', snap.maxAgents],
    ['memory floor', snap.memoryFloorMb === 0 ? 'none' : `${snap.memoryFloorMb} MiB`],
    ['available memory', `${snap.availableMemoryMb} MiB`],
    ['running', `${snap.running.length} of ${snap.maxAgents}${snap.running.length > 0 ? ` (${snap.running.map(name).join(', ')})` : ''}`],
    ['queued', snap.queue.length],
    ...(snap.blockedBy ? ([['waiting for', BLOCKED_WORDS[snap.blockedBy]]] as const) : []),
  ]);
  if (snap.queue.length === 0) return facts;
  const rows = snap.queue.map((q) => [`#${q.position}`, name(q.sessionId), truncate(titles.get(q.sessionId)?.title ?? '', 50)]);
  return `${facts}\n${table(['POSITION', 'SESSION', 'TITLE'], rows)}`;
}

async function sessionTitles(ctx: CommandContext, snap: AdmissionSnapshot): Promise<Map<string, { shortId: string; title: string }>> {
  if (snap.running.length === 0 && snap.queue.length === 0) return new Map();
  const { sessions } = await ctx.client().api.listSessions({ query: {} });
  return new Map(sessions.map((s) => [s.id, { shortId: s.shortId, title: s.title }]));
}

export const admissionCommands: CommandSpec[] = [
  {
    words: ['admission'],
    args: '',
    summary: 'Show the agent cap, the memory floor, running and queued sessions; --max-agents/--memory-floor-mb change the limits',
    options: {
      'max-agents': { type: 'string', valueName: 'N', help: 'agents that may run at once (at least 1); more wait, queued' },
      'memory-floor-mb': { type: 'string', valueName: 'N', help: 'new agents wait while available memory is below N MiB (0: no floor)' },
    },
    positionals: { min: 0, max: 0 },
    async run(ctx, a) {
      const maxAgents = intOpt(a, 'max-agents', 1);
      const memoryFloorMb = intOpt(a, 'memory-floor-mb', 0);
      const patch: Partial<AdmissionLimits> = {
        ...(maxAgents !== undefined ? { maxAgents } : {}),
        ...(memoryFloorMb !== undefined ? { memoryFloorMb } : {}),
      };
      const api = ctx.client().api;
      const changed = Object.keys(patch).length > 0;
      const snap = changed ? await api.updateAdmission({ body: patch }) : await api.getAdmission();
      if (ctx.json) {
        ctx.printJson(snap);
        return 0;
      }
      if (changed) ctx.out('admission limits changed');
      ctx.out(admissionText(snap, await sessionTitles(ctx, snap)).trimEnd());
      return 0;
    },
  },
];
