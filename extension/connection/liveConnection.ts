// The window's one `DaemonConnection`: the supervisor's client plus ONE shared event feed that
// the tree, the status bar, notifications and every chat panel subscribe to. The feed starts at
// the daemon's head when the window attaches and then never skips or repeats an event: after a
// drop or a daemon restart it resumes from `lastSeq` (the event log outlives the daemon).
import * as vscode from 'vscode';
import WebSocket from 'ws';
import type { SwitchboardClient } from '../../daemon/protocol/client.js';
import { daemonBaseUrl } from '../../daemon/protocol/client.js';
import type { Discovery } from '../../daemon/protocol/discovery.js';
import { EventStream, type StreamEvent, type WebSocketLikeConstructor } from '../../daemon/protocol/eventStream.js';
import type { DaemonConnection, DaemonEvent, DaemonState } from '../daemonConnection.js';
import type { DaemonSupervisor } from '../supervisor/daemonSupervisor.js';
import { sameDaemon } from '../../client/discoveryFile.js';
import { Disposable, toDisposable } from '../util/disposable.js';
import { errorMessage, type Logger } from '../util/logger.js';

export class LiveConnection extends Disposable implements DaemonConnection {
  readonly #supervisor: DaemonSupervisor;
  readonly #log: Logger;
  readonly #onDidChangeState = this._register(new vscode.EventEmitter<DaemonState>());
  readonly #onEvent = this._register(new vscode.EventEmitter<DaemonEvent>());
  readonly #onDidGoLive = this._register(new vscode.EventEmitter<number>());
  readonly #onDidReset = this._register(new vscode.EventEmitter<void>());
  #stream: EventStream | null = null;
  #streamFor: Discovery | null = null;
  #lastSeq = 0;
  #state: DaemonState = 'starting';
  #attaching: Promise<void> = Promise.resolve();

  readonly onDidChangeState = this.#onDidChangeState.event;
  readonly onEvent = this.#onEvent.event;
  readonly onDidGoLive = this.#onDidGoLive.event;
  readonly onDidReset = this.#onDidReset.event;

  constructor(
    supervisor: DaemonSupervisor,
    readonly stateDir: string,
    log: Logger,
  ) {
    super();
    this.#supervisor = supervisor;
    this.#log = log;
    this._register(supervisor.onDidChange((s) => this.#onSupervisor(s)));
    this._register(toDisposable(() => this.#closeStream()));
  }

  get state(): DaemonState {
    return this.#state;
  }
  get client(): SwitchboardClient | null {
    return this.#state === 'up' ? this.#supervisor.client : null;
  }
  get discovery(): Discovery | null {
    return this.#supervisor.discovery;
  }
  get lastSeq(): number {
    return this.#lastSeq;
  }

  whenUp(timeoutMs = 30_000): Promise<SwitchboardClient> {
    const now = this.client;
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(this.#supervisor.lastError ?? 'the Switchboard daemon is not running'));
      }, timeoutMs);
      const sub = this.onDidChangeState(() => {
        const c = this.client;
        if (!c) return;
        clearTimeout(timer);
        sub.dispose();
        resolve(c);
      });
    });
  }

  #onSupervisor(s: DaemonState): void {
    if (s !== 'up') {
      this.#setState(s);
      return;
    }
    const d = this.#supervisor.discovery;
    if (this.#stream && sameDaemon(d, this.#streamFor)) {
      this.#setState('up');
      return;
    }
    // Serialized: two quick 'up's (a restart seen mid-attach) must not open two feeds.
    this.#attaching = this.#attaching.then(() =>
      this.#attach().catch((err: unknown) => {
        this.#log.error(`event feed: ${errorMessage(err)}`);
        void this.#supervisor.check();
      }),
    );
  }

  /** A (new) daemon is up: point the feed at it, resuming or restarting from its head. */
  async #attach(): Promise<void> {
    const client = this.#supervisor.client;
    const d = this.#supervisor.discovery;
    if (!client || !d || this.isDisposed) return;
    if (this.#stream && sameDaemon(d, this.#streamFor)) return;
    const head = (await client.api.health()).lastSeq;
    const first = this.#stream === null && this.#lastSeq === 0;
    let since = this.#lastSeq;
    let reset = false;
    if (first) {
      since = head;
    } else if (head < this.#lastSeq) {
      // The new daemon's log is not the one we were reading (another state dir, a wiped DB).
      this.#log.warn(`the daemon's event log restarted at ${head} (was at ${this.#lastSeq}); reloading everything`);
      since = head;
      reset = true;
    }
    this.#closeStream();
    this.#lastSeq = since;
    this.#openStream(d, since);
    if (reset) this.#onDidReset.fire();
    // 'up' only after the feed exists, so a consumer that loads a snapshot on 'up' sees every
    // event after it (it may see a few already in the snapshot; applying those again is harmless).
    this.#setState('up');
  }

  #openStream(d: Discovery, since: number): void {
    this.#streamFor = d;
    const stream = new EventStream({
      url: daemonBaseUrl(d.port),
      token: d.token,
      since,
      WebSocketImpl: WebSocket as unknown as WebSocketLikeConstructor,
      // The stream delivers each seq once, from `since` (this feed's lastSeq), and a closed stream
      // delivers nothing more: no second duplicate check here.
      onEvent: (e: StreamEvent) => {
        this.#lastSeq = e.seq;
        this.#onEvent.fire(e);
      },
      onLive: (seq) => this.#onDidGoLive.fire(seq),
      onStateChange: (state) => {
        // A drop is the fastest sign that the daemon died: ask the supervisor to look now.
        if (state === 'backoff') void this.#supervisor.check();
      },
      onError: (err) => this.#log.trace(`event feed: ${err.message}`),
      // Reconnects follow the daemon the supervisor is attached to (a restart changes port and token).
      resolveEndpoint: () => {
        const cur = this.#supervisor.discovery ?? d;
        return { url: daemonBaseUrl(cur.port), token: cur.token };
      },
    });
    this.#stream = stream;
  }

  #closeStream(): void {
    this.#stream?.close();
    this.#stream = null;
    this.#streamFor = null;
  }

  #setState(s: DaemonState): void {
    if (this.#state === s) return;
    this.#state = s;
    this.#onDidChangeState.fire(s);
  }
}
