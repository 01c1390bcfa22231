// Feeds the ContainersModel: a full `pod/list` (every page) when the daemon comes up, when the
// section becomes visible, and — debounced — after events the model cannot apply by itself.
// While the section is hidden nothing is listed (listing asks the Docker engine); it is only
// marked stale and listed when shown again.
import type { DaemonConnection } from '../daemonConnection.js';
import { Disposable, toDisposable } from '../util/disposable.js';
import { errorMessage, type Logger } from '../util/logger.js';
import type { Pod } from '../../daemon/protocol/containerEntities.js';
import type { ContainersModel } from './containersModel.js';

/** Coalesces bursts (an image build, a reconciliation, many agents starting) into one listing. */
export const RELIST_DEBOUNCE_MS = 300;
const PAGE = 200;
/** Pages are followed up to this many pods; the section is for people, not an inventory. */
const MAX_PODS = 2_000;
/** A pod caught between states is listed again this often, this many times in a row at most. */
const SETTLE_MS = 1_000;
const SETTLE_TRIES = 15;

export class ContainerSync extends Disposable {
  #visible = false;
  #stale = true;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #generation = 0;
  #settleTries = 0;

  constructor(
    private readonly connection: DaemonConnection,
    private readonly model: ContainersModel,
    private readonly log: Logger,
  ) {
    super();
    this._register(
      connection.onEvent((e) => {
        if (!e.type.startsWith('container') && !e.type.startsWith('computer.') && e.type !== 'session.state_changed') return;
        if (model.applyEvent(e)) this.#relistSoon();
      }),
    );
    this._register(connection.onDidChangeState((s) => s === 'up' && this.#relistSoon()));
    this._register(connection.onDidReset(() => this.#relistSoon()));
    this._register(toDisposable(() => this.#timer && clearTimeout(this.#timer)));
  }

  /** The section was shown or hidden: list when shown with something possibly missed. */
  setVisible(visible: boolean): void {
    this.#visible = visible;
    if (visible && this.#stale) this.#relistSoon();
  }

  /** Lists now (the Refresh button, and after our own commands). */
  async reload(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    const client = this.connection.client;
    if (!client) return;
    const gen = ++this.#generation;
    this.#stale = false;
    try {
      const pods: Pod[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.api.computerPodList({ query: { limit: PAGE, ...(cursor ? { cursor } : {}) } });
        pods.push(...page.pods);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && pods.length < MAX_PODS);
      if (gen !== this.#generation) return;
      this.model.setPods(pods);
      this.#settleSoon();
    } catch (err) {
      if (gen !== this.#generation) return;
      const message = errorMessage(err);
      this.log.warn(`containers: ${message}`);
      this.model.setError(message);
    }
  }

  /** A container was listed mid-start: list again shortly, as no event will say it is running. */
  #settleSoon(): void {
    if (!this.model.settling) {
      this.#settleTries = 0;
      return;
    }
    if (this.#settleTries++ >= SETTLE_TRIES || !this.#visible || this.#timer || this.isDisposed) return;
    this.#stale = true;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.reload();
    }, SETTLE_MS);
  }

  #relistSoon(): void {
    this.#stale = true;
    if (!this.#visible || this.#timer || this.isDisposed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.reload();
    }, RELIST_DEBOUNCE_MS);
  }
}
