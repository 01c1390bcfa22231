// `wait_for_session`: until the session needs someone or is done, or the caller's time is up. The
// event stream is only the trigger; the answer is always a fresh `getSession`, judged by the same
// rule as the CLI's `--wait` (follow.ts `isSettled`), so a stale event never ends a wait early.
// The stream starts at the daemon's newest event, read after the first look at the session: a
// change between the two is seen by the check that runs once the stream is live.
import type { SwitchboardClient } from '../../daemon/protocol/client.js';
import type { StreamEvent } from '../../daemon/protocol/eventStream.js';
import type { SessionDetail } from '../../daemon/protocol/routes.js';
import { isSettled } from '../follow.js';
import type { DaemonAccess } from './daemonAccess.js';

/** Events after which the session may have settled. */
const TRIGGERS = new Set(['session.state_changed', 'turn.ended', 'permission.requested', 'permission.answered', 'session.deleted']);

export interface WaitOutcome {
  detail: SessionDetail;
  /** The time ran out first: `detail` is the session as it is now. */
  timedOut: boolean;
}

export interface WaitOptions {
  timeoutMs: number;
  signal: AbortSignal;
  /** Called for each of the session's events while waiting. */
  onEvent?(e: StreamEvent): void;
}

/**
 * Settled for a caller that just acted: a completed session only once its latest turn is done (a
 * follow-up may still be queued), and not in the moment between an answered permission and the
 * agent running on.
 */
export function settledAfterAction(d: SessionDetail): boolean {
  const latest = d.turns.reduce<SessionDetail['turns'][number] | undefined>((a, t) => (a === undefined || t.index > a.index ? t : a), undefined);
  if (!isSettled(d, latest?.id)) return false;
  const s = d.session;
  return !(s.state === 'waiting_for_user' && s.stateReason === 'permission' && d.pendingPermissions.length === 0);
}

export async function waitForSettled(access: DaemonAccess, id: string, opts: WaitOptions): Promise<WaitOutcome> {
  const client = access.client();
  // An unknown id fails here, plainly.
  const first = await client.api.getSession({ params: { id } });
  if (settledAfterAction(first)) return { detail: first, timedOut: false };
  const { lastSeq } = await client.api.health();
  return await new Promise<WaitOutcome>((resolve, reject) => new BoundedWait(access, client, first.session.id, lastSeq, opts, resolve, reject).start());
}

/** One wait: its stream, its deadline, and one `getSession` at a time. */
class BoundedWait {
  private stream: { close(): void } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private checking = false;
  private recheck = false;
  private finished = false;

  constructor(
    private readonly access: DaemonAccess,
    private readonly client: SwitchboardClient,
    private readonly sessionId: string,
    private readonly since: number,
    private readonly opts: WaitOptions,
    private readonly resolve: (o: WaitOutcome) => void,
    private readonly reject: (err: unknown) => void,
  ) {}

  start(): void {
    this.timer = setTimeout(() => this.giveUp(), this.opts.timeoutMs);
    this.opts.signal.addEventListener('abort', () => this.finish(new Error('the wait was cancelled by the client')), { once: true });
    try {
      this.stream = this.access.openStream({
        since: this.since,
        session: this.sessionId,
        onEvent: (e) => {
          this.opts.onEvent?.(e);
          if (TRIGGERS.has(e.type)) this.check();
        },
        // A (re)connect replays what happened meanwhile; the state may have settled in the gap.
        onLive: () => this.check(),
      });
    } catch (err) {
      this.finish(err);
    }
  }

  private finish(err: unknown, outcome?: WaitOutcome): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.stream?.close();
    if (outcome) this.resolve(outcome);
    else this.reject(err);
  }

  private check(): void {
    if (this.finished) return;
    if (this.checking) {
      this.recheck = true;
      return;
    }
    this.checking = true;
    this.client.api
      .getSession({ params: { id: this.sessionId } })
      .then((detail) => {
        this.checking = false;
        if (settledAfterAction(detail)) this.finish(null, { detail, timedOut: false });
        else if (this.recheck) {
          this.recheck = false;
          this.check();
        }
      })
      .catch((err: unknown) => this.finish(err));
  }

  /** Time is up: the session as it is now, settled or not. */
  private giveUp(): void {
    if (this.finished) return;
    this.client.api
      .getSession({ params: { id: this.sessionId } })
      .then((detail) => this.finish(null, { detail, timedOut: !settledAfterAction(detail) }))
      .catch((err: unknown) => this.finish(err));
  }
}
