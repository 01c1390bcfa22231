// B6 replay: a new WebSocket client asking for a 100,000-event session from since=0 (B3's last
// flood session). Time to first event = from asking for the connection to the first event
// frame; rate = events / (from asking for the connection to the `live` frame), so connection
// set-up and the first event's wait count against it. The client reads each frame's seq and type
// without parsing the whole frame (see streamTap.ts), as a UI would defer parsing off-screen rows.
import type { BenchDaemon } from './benchDaemon.js';
import { iterate, type BenchContext } from './context.js';
import type { Row } from './measures.js';
import { StreamTap } from './streamTap.js';
import { withTimeout } from './timing.js';

async function replayOnce(daemon: BenchDaemon, sessionId: string, expected: number): Promise<{ firstMs: number; rate: number; events: number }> {
  let events = 0;
  let firstAt = 0;
  let liveAt = 0;
  const tap = new StreamTap({
    port: daemon.port,
    token: daemon.token,
    since: 0,
    session: sessionId,
    onFrame: (f) => {
      if (f.kind === 'live') liveAt = f.at;
      if (f.kind !== 'event') return;
      if (events++ === 0) firstAt = f.at;
    },
  });
  try {
    await withTimeout('the replay', tap.whenLive(), 120_000);
  } finally {
    tap.close();
  }
  // More is fine: the session may have gained events since they were counted (its disk use measured
  // after the turn, a `session.updated`); fewer would be a loss.
  if (events < expected) throw new Error(`the replay delivered ${events} of ${expected} events`);
  return { firstMs: firstAt - tap.openedAt, rate: events / ((liveAt - tap.openedAt) / 1000), events };
}

export async function runB6(ctx: BenchContext, daemon: BenchDaemon, sessionId: string, expected: number): Promise<Row[]> {
  ctx.details.b6 = { events: expected };
  const results = await iterate(ctx, 'B6', ctx.quick ? 1 : ctx.runs + 2, () => replayOnce(daemon, sessionId, expected));
  return [
    {
      id: 'B6',
      metric: `replay from since=0: time to first event (${expected.toLocaleString('en-US')} events)`,
      unit: 'ms',
      samples: results.map((r) => r.firstMs),
      target: { of: 'value', op: '<=', value: 50 },
    },
    {
      id: 'B6',
      metric: 'replay from since=0: events/s until `live`',
      unit: 'events/s',
      samples: results.map((r) => r.rate),
      target: { of: 'value', op: '>=', value: 200_000 },
    },
  ];
}
