// What the chat header says of the session's place in the fleet (issue 11), as plain data: its
// queue position, the setup command running and for how long, its ports named first. The host
// sends the facts (`fleet` message); this file turns them into words. No DOM: unit-tested.
import type { PortLease, SetupStatus } from '../../daemon/protocol/fleetEntities.js';

export interface FleetFacts {
  queuePosition: number | null;
  ports: PortLease[];
  setup: SetupStatus | null;
}

export const NO_FLEET: FleetFacts = { queuePosition: null, ports: [], setup: null };

/** `Queued #2 — starts when an agent slot frees`. */
export function queueLine(state: string | undefined, position: number | null): string | null {
  if (state !== 'queued') return null;
  return `Queued${position ? ` #${position}` : ''} — starts when an agent slot frees`;
}

/** `12 s`, `3 min 4 s`. */
export function elapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  return total < 60 ? `${total} s` : `${Math.floor(total / 60)} min ${total % 60} s`;
}

/** `Setting up: npm ci — 12 s (1/2)` while a setup command runs; null otherwise. */
export function setupLine(setup: SetupStatus | null, now: number): string | null {
  if (setup?.state !== 'running') return null;
  const started = setup.commandStartedAt ? Date.parse(setup.commandStartedAt) : NaN;
  const clock = Number.isFinite(started) ? ` — ${elapsed(now - started)}` : '';
  const step = setup.total > 1 ? ` (${setup.index + 1}/${setup.total})` : '';
  return `Setting up${setup.command ? `: ${setup.command}` : ''}${clock}${step}`;
}

/** Named ports first, in their order; then the others by number. */
export function portLinks(ports: readonly PortLease[]): { port: number; label: string; title: string }[] {
  const named = ports.filter((p) => p.name !== null);
  const rest = ports.filter((p) => p.name === null).sort((a, b) => a.port - b.port);
  return [...named, ...rest].map((p) => ({
    port: p.port,
    label: p.name ? `${p.port} (${p.name})` : String(p.port),
    title: `Open http://127.0.0.1:${p.port} in the Simple Browser`,
  }));
}
