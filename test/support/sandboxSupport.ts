// Tests of the operating-system sandbox need bwrap that works here. Without it they skip loudly;
// with SWITCHBOARD_REQUIRE_SANDBOX=1 (set by .ci/run) a missing sandbox is a failure.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { probeBwrap } from '../../daemon/agents/bwrapProbe.js';
import type { StreamEvent } from '../../daemon/protocol/eventStream.js';
import type { DaemonProcess } from './daemonHarness.js';

export async function requireBwrap(ctx: Mocha.Context): Promise<void> {
  const status = await probeBwrap(undefined, process.env.PATH);
  if (status.available) return;
  if (process.env.SWITCHBOARD_REQUIRE_SANDBOX === '1') throw new Error(`SWITCHBOARD_REQUIRE_SANDBOX=1 but ${status.why}`);
  console.warn(`    SKIPPED LOUDLY: ${status.why}`);
  ctx.skip();
}

/** A session's events from `since` up to its next `turn.ended`. */
export async function nextTurnEvents(daemon: DaemonProcess, sessionId: string, since: number, timeoutMs = 60_000): Promise<StreamEvent[]> {
  return daemon.waitForEvents({ session: sessionId, since }, (evs) => evs.some((e) => e.type === 'turn.ended'), timeoutMs);
}

/** Sends a follow-up and answers the turn's events. */
export async function followupTurn(daemon: DaemonProcess, sessionId: string, text: string): Promise<StreamEvent[]> {
  const since = (await daemon.client.api.health()).lastSeq;
  await daemon.client.api.followup({ params: { id: sessionId }, body: { text } });
  return nextTurnEvents(daemon, sessionId, since);
}

/** The final status of every tool call in these events, by id. */
export function toolCallOutcomes(events: StreamEvent[]): Map<string, string> {
  const status = new Map<string, string>();
  for (const e of events) {
    if (e.type !== 'tool_call' && e.type !== 'tool_call_update') continue;
    const p = e.payload as { toolCallId: string; status?: string | null };
    if (p.status) status.set(p.toolCallId, p.status);
    else if (!status.has(p.toolCallId)) status.set(p.toolCallId, 'pending');
  }
  return status;
}

/** The agent's words in these events. */
export function agentText(events: StreamEvent[]): string {
  return events
    .filter((e) => e.type === 'agent.message_chunk')
    .map((e) => (e.payload as { text: string }).text)
    .join('');
}

/** Every file's sha256 in a checkout (without .git), for "byte-identical" checks. */
export function snapshotFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), createHash('sha256').update(fs.readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}
