// A stream transport's view of the event feed that reports to the daemon's metrics: each pump
// subscribes once (a subscriber, until it unsubscribes) and replays its backlog through `replay`
// (a replay served, and the events it sent). Wrapping the feed keeps both endpoints, WebSocket
// and SSE, and their shared pump free of any metrics code.
import type { SwitchboardEvent } from '../protocol/events.js';
import type { StreamTransport } from '../system/metrics.js';
import type { EventFeed } from './eventFeed.js';

/** What the feed reports (daemon/system/metrics.ts implements it). */
export interface StreamMeter {
  /** A subscriber connected; the answer is called once when it leaves. */
  streamOpened(transport: StreamTransport): () => void;
  /** One backlog replay served, `events` of them sent (counted when the replay ends or is abandoned). */
  replayed(transport: StreamTransport, events: number): void;
}

export function meteredFeed(feed: EventFeed, meter: StreamMeter, transport: StreamTransport): EventFeed {
  return {
    resolveFilter: (q) => feed.resolveFilter(q),
    replay: (filter) => countedReplay(feed.replay(filter), (n) => meter.replayed(transport, n)),
    subscribe: (listener) => {
      const unsubscribe = feed.subscribe(listener);
      const left = meter.streamOpened(transport);
      return () => {
        unsubscribe();
        left();
      };
    },
  };
}

/** The same events, lazily; `done` gets how many were taken, also when the reader stops early. */
function* countedReplay(events: Iterable<SwitchboardEvent>, done: (count: number) => void): Iterable<SwitchboardEvent> {
  let count = 0;
  try {
    for (const e of events) {
      count++;
      yield e;
    }
  } finally {
    done(count);
  }
}
