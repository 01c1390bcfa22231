// Feeds the EventsModel from the window's one event feed (DaemonConnection.onEvent: no second
// stream), plus, the first time the view is shown and whenever the daemon's log was replaced, the
// newest stored events as a backlog, so the view does not start empty. The model keeps each seq
// once, so the backlog and live events that overlap while it loads cost nothing.
import type { DaemonConnection } from '../daemonConnection.js';
import { Disposable } from '../util/disposable.js';
import { errorMessage, type Logger } from '../util/logger.js';
import type { EventsModel } from './eventsModel.js';

/** How far back the backlog reaches, in seqs (at most this many events). */
export const BACKLOG_EVENTS = 1_000;

export class EventsSync extends Disposable {
  #visible = false;
  /** A backlog is owed: never loaded, or the log was replaced since. */
  #stale = true;
  #generation = 0;

  constructor(
    private readonly connection: DaemonConnection,
    private readonly model: EventsModel,
    private readonly log: Logger,
  ) {
    super();
    this._register(connection.onEvent((e) => model.add([e])));
    this._register(
      connection.onDidReset(() => {
        model.clear();
        this.#stale = true;
        void this.#loadIfOwed();
      }),
    );
    this._register(connection.onDidChangeState((s) => s === 'up' && void this.#loadIfOwed()));
  }

  /** The view was shown or hidden: the backlog is loaded when first shown. */
  setVisible(visible: boolean): void {
    this.#visible = visible;
    void this.#loadIfOwed();
  }

  async #loadIfOwed(): Promise<void> {
    const client = this.connection.client;
    if (!this.#stale || !this.#visible || !client) return;
    this.#stale = false;
    const gen = ++this.#generation;
    try {
      // Events above the feed's position arrive live; the backlog is what came before it.
      const head = this.connection.lastSeq || (await client.api.health()).lastSeq;
      const page = await client.api.listEvents({ query: { since: Math.max(0, head - BACKLOG_EVENTS), limit: BACKLOG_EVENTS } });
      if (gen === this.#generation) this.model.add(page.events);
    } catch (err) {
      this.#stale = true;
      this.log.warn(`events: could not load the newest events: ${errorMessage(err)}`);
    }
  }
}
