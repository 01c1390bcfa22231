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
  const pump = new ReplayThenLive(opts);
  const ready = pump.run();
  // Plain closures: callers hand `stop` to transport close handlers.
  return { stop: () => pump.stop(), lastSeq: () => pump.lastSent, ready };
}

/** One stream's pump: the steps 1–3 above, with the state they share. */
class ReplayThenLive {
  private readonly limits: PumpLimits;
  private phase: 'replay' | 'live' | 'stopped' = 'replay';
  /** Seq of the last event handed to the sink; anything at or below it is a repeat. */
  lastSent: number;
  /** Live events that arrived during the replay, flushed when it ends. */
  private pending: SwitchboardEvent[] = [];
  /** The pending buffer overflowed and was dropped: the store must be read again. */
  private overflowed = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly opts: EventPumpOptions) {
    this.limits = { ...DEFAULT_PUMP_LIMITS, ...opts.limits };
    this.lastSent = opts.since;
    this.unsubscribe = opts.feed.subscribe((e) => this.onLive(e));
  }

  stop(): void {
    if (this.phase === 'stopped') return;
    this.phase = 'stopped';
    this.pending = [];
    this.unsubscribe();
  }

  async run(): Promise<void> {
    const { sink, logger } = this.opts;
    try {
      await this.replayAll();
    } catch (err) {
      if (this.phase === 'stopped') return;
      logger.error('stream: replay failed', { err, since: this.opts.since, lastSeq: this.lastSent });
      this.stop();
      sink.fail(err);
      return;
    }
    if (this.phase !== 'replay' || sink.isClosed()) return this.stop();
    // No await from here to the end: a live event cannot slip in between the flush and the switch.
    this.phase = 'live';
    const buffered = this.pending;
    this.pending = [];
    for (const e of buffered) this.deliver(e);
    sink.live(this.lastSent);
    this.checkSlow();
  }

  private deliver(e: SwitchboardEvent): void {
    if (e.seq <= this.lastSent) return;
    this.opts.sink.send(e);
    this.lastSent = e.seq;
  }

  // The bus calls this synchronously inside its append: it must never throw back into the bus.
  private onLive(e: SwitchboardEvent): void {
    try {
      if (this.phase === 'stopped' || !matchesFilter(e, this.opts.filter)) return;
      if (this.phase === 'replay') {
        if (this.pending.length >= this.limits.maxPendingLive) {
          this.pending = [];
          this.overflowed = true;
        }
        this.pending.push(e);
        return;
      }
      this.deliver(e);
      this.checkSlow();
    } catch (err) {
      this.opts.logger.error('stream: live delivery failed', { err });
      this.stop();
    }
  }

  private checkSlow(): void {
    const { sink, logger } = this.opts;
    if (sink.bufferedAmount() > this.limits.maxLiveBufferedBytes) {
      logger.warn('stream: closing a consumer that cannot keep up', { lastSeq: this.lastSent, buffered: sink.bufferedAmount() });
      this.stop();
      sink.closeSlow(this.lastSent);
    }
  }

  private async replayAll(): Promise<void> {
    const { feed, sink, filter } = this.opts;
    let sinceYield = 0;
    do {
      this.overflowed = false;
      for (const e of feed.replay({ since: this.lastSent, ...filter })) {
        if (this.phase === 'stopped' || sink.isClosed()) return;
        this.deliver(e);
        if (sink.bufferedAmount() > this.limits.replayHighWaterBytes) {
          await sink.drained();
          sinceYield = 0;
        } else if (++sinceYield >= this.limits.yieldEvery) {
          await yieldToEventLoop();
          sinceYield = 0;
        }
      }
    } while (this.overflowed && this.phase === 'replay' && !sink.isClosed());
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
