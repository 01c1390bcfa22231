// Tells one chat webview its session's place in the fleet (issue 11): the queue position, which
// only the window's Sessions tree can compute (it has every session; the webview has one), and the
// ports and setup progress as the tree keeps them (their own events included). Posts a `fleet`
// message after each `ready` and whenever those change. No `vscode` here: unit-tested.
import type { Session } from '../../daemon/protocol/entities.js';
import type { HostMessage } from '../../webview-ui/chat/messages.js';
import { Disposable } from '../util/disposable.js';
import type { EventLike } from '../util/emitter.js';

/** The part of the SessionTreeModel the relay reads. */
export interface FleetSource {
  session(id: string): Session | undefined;
  queuePosition(id: string): number | null;
  readonly onDidChange: EventLike<unknown>;
}

export type FleetMessage = Extract<HostMessage, { type: 'fleet' }>;

export function fleetMessage(source: FleetSource, sessionId: string): FleetMessage {
  const s = source.session(sessionId);
  return {
    type: 'fleet',
    queuePosition: s?.state === 'queued' ? source.queuePosition(sessionId) : null,
    ports: s?.ports ?? [],
    setup: s?.setup ?? null,
  };
}

export class FleetRelay extends Disposable {
  readonly #source: FleetSource;
  readonly #sessionId: string;
  readonly #post: (m: FleetMessage) => void;
  #lastKey = '';

  constructor(source: FleetSource, sessionId: string, post: (m: FleetMessage) => void) {
    super();
    this.#source = source;
    this.#sessionId = sessionId;
    this.#post = post;
    this._register(source.onDidChange(() => this.#send(false)));
  }

  /** After the webview's `ready`: it has nothing yet, so send even what was sent before. */
  resend(): void {
    this.#send(true);
  }

  #send(always: boolean): void {
    const m = fleetMessage(this.#source, this.#sessionId);
    const key = JSON.stringify(m);
    if (!always && key === this.#lastKey) return;
    this.#lastKey = key;
    this.#post(m);
  }
}
