// The one replay-then-live algorithm behind both stream endpoints (WebSocket and SSE):
//
//   1. subscribe to the live feed FIRST and buffer what arrives,
//   2. send the stored backlog after `since`, pausing whenever the transport's buffer is full
//      and yielding to the event loop regularly, so a 100,000-event replay neither balloons
//      memory nor starves other clients,
//   3. flush buffered live events newer than the last one sent, say "live", then forward.
//
// Subscribing before reading the store means an event appended mid-replay is either in the store
// snapshot or in the buffer (or both); comparing seq against the last one sent removes the overlap.
// So nothing is lost and nothing repeats.
import type { SwitchboardEvent } from '../protocol/events.js';
import type { Logger } from '../system/logger.js';
import { matchesFilter, type EventFeed, type EventFilter } from './eventFeed.js';

/** A transport the pump writes to (a WebSocket, an SSE response). */
export interface EventSink {
  send(event: SwitchboardEvent): void;
  /** The backlog is complete: everything after this is live. */
  live(lastSeq: number): void;
  /** Bytes queued in user space, not yet handed to the OS. */
  bufferedAmount(): number;
  /** Resolves once the queue has drained to the sink's low-water mark, or the sink closed. */
  drained(): Promise<void>;
  isClosed(): boolean;
  /** The consumer falls behind live traffic: close it; it resumes later from `lastSeq`. */
  closeSlow(lastSeq: number): void;
  /** The backlog could not be read. */
  fail(err: unknown): void;
}

export interface PumpLimits {
  /** While replaying, wait for the transport to drain once this many bytes are queued. */
  replayHighWaterBytes: number;
  /** While live, a consumer with more than this queued is closed as too slow. */
  maxLiveBufferedBytes: number;
  /**
   * Live events held while the replay runs. Past this the buffer is dropped and the store is
   * read again from the last sent seq (it holds everything), which keeps memory bounded.
   */
  maxPendingLive: number;
  /** Replayed events between voluntary yields to the event loop. */
  yieldEvery: number;
}

export const DEFAULT_PUMP_LIMITS: PumpLimits = {
  replayHighWaterBytes: 1024 * 1024,
  maxLiveBufferedBytes: 64 * 1024 * 1024,
  maxPendingLive: 10_000,
  yieldEvery: 256,
};

export interface EventPumpOptions {
  feed: EventFeed;
  since: number;
  filter: EventFilter;
  sink: EventSink;
  logger: Logger;
  limits?: Partial<PumpLimits>;
}

export interface EventPump {
  /** Unsubscribes and abandons the replay; call it when the transport closes. */
  stop(): void;
  /** Seq of the last event handed to the sink (`since` before any). */
  lastSeq(): number;
  /** Resolves when the backlog is out and the pump is live, or when it stopped first. */
  readonly ready: Promise<void>;
}

export function startEventPump(opts: EventPumpOptions): EventPump {
  const limits: PumpLimits = { ...DEFAULT_PUMP_LIMITS, ...opts.limits };
  const { feed, sink, filter, logger } = opts;
  let phase: 'replay' | 'live' | 'stopped' = 'replay';
  let lastSent = opts.since;
  let pending: SwitchboardEvent[] = [];
  let overflowed = false;

  const deliver = (e: SwitchboardEvent): void => {
    if (e.seq <= lastSent) return;
    sink.send(e);
    lastSent = e.seq;
  };

  // The bus calls this synchronously inside its append: it must never throw back into the bus.
  const onLive = (e: SwitchboardEvent): void => {
    try {
      if (phase === 'stopped' || !matchesFilter(e, filter)) return;
      if (phase === 'replay') {
        if (pending.length >= limits.maxPendingLive) {
          pending = [];
          overflowed = true;
        }
        pending.push(e);
        return;
      }
      deliver(e);
      checkSlow();
    } catch (err) {
      logger.error('stream: live delivery failed', { err });
      stop();
    }
  };

  const checkSlow = (): void => {
    if (sink.bufferedAmount() > limits.maxLiveBufferedBytes) {
      logger.warn('stream: closing a consumer that cannot keep up', { lastSeq: lastSent, buffered: sink.bufferedAmount() });
      stop();
      sink.closeSlow(lastSent);
    }
  };

  const unsubscribe = feed.subscribe(onLive);

  function stop(): void {
    if (phase === 'stopped') return;
    phase = 'stopped';
    pending = [];
    unsubscribe();
  }

  const replayAll = async (): Promise<void> => {
    let sinceYield = 0;
    do {
      overflowed = false;
      for (const e of feed.replay({ since: lastSent, ...filter })) {
        if (phase === 'stopped' || sink.isClosed()) return;
        deliver(e);
        if (sink.bufferedAmount() > limits.replayHighWaterBytes) {
          await sink.drained();
          sinceYield = 0;
        } else if (++sinceYield >= limits.yieldEvery) {
          await yieldToEventLoop();
          sinceYield = 0;
        }
      }
    } while (overflowed && phase === 'replay' && !sink.isClosed());
  };

  const run = async (): Promise<void> => {
    try {
      await replayAll();
    } catch (err) {
      if (phase === 'stopped') return;
      logger.error('stream: replay failed', { err, since: opts.since, lastSeq: lastSent });
      stop();
      sink.fail(err);
      return;
    }
    if (phase !== 'replay' || sink.isClosed()) return stop();
    // No await from here to the end: a live event cannot slip in between the flush and the switch.
    phase = 'live';
    const buffered = pending;
    pending = [];
    for (const e of buffered) deliver(e);
    sink.live(lastSent);
    checkSlow();
  };

  const ready = run();
  return { stop, lastSeq: () => lastSent, ready };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
