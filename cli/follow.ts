// `--wait`: follow one session's events until it settles — completed, failed, stopped, or
// waiting for the person (a permission, a login) — printing them as they come. Events are only
// the trigger; the settled state is always confirmed with a fresh `getSession`, so a stale or
// reordered event can never end the wait early.
import type { SwitchboardClient } from '../daemon/protocol/client.js';
import type { SessionDetail } from '../daemon/protocol/routes.js';
import { SwitchboardError } from '../daemon/protocol/errors.js';
import type { EventStream, StreamEvent } from '../daemon/protocol/eventStream.js';
import { SETTLED_STATES } from '../daemon/protocol/sessionStates.js';
import type { CommandContext } from './context.js';
import { EventPrinter } from './eventPrinter.js';

/** How long the stream may stay disconnected before the wait gives up. */
const RECONNECT_GRACE_MS = 30_000;

export interface WaitOptions {
  /** Print (and judge) the events stored before the wait began; right for a brand-new session. */
  fromStart: boolean;
  /**
   * Runs once the stream is live, so no event of its effect can be missed; returns the turn
   * the wait is about, if any (a follow-up's new turn), which must end before `completed` counts.
   */
  action?: () => Promise<{ turnId?: string }>;
}

export function isSettled(detail: SessionDetail, turnId: string | undefined): boolean {
  const state = detail.session.state;
  if (!SETTLED_STATES.includes(state)) return false;
  // A completed session settles only once the awaited turn is done (a queued follow-up may not have started).
  if (state !== 'completed' || turnId === undefined) return true;
  return detail.turns.some((t) => t.id === turnId && t.state === 'done');
}

export async function waitForSession(ctx: CommandContext, sessionId: string, opts: WaitOptions): Promise<SessionDetail> {
  const client = ctx.client();
  // An unknown id fails here, plainly, instead of as a stream that keeps being refused.
  await client.api.getSession({ params: { id: sessionId } });
  return await new Promise<SessionDetail>((resolve, reject) => new SessionWait(ctx, client, sessionId, opts, resolve, reject).start());
}

/** One wait: the stream it follows, whether the wait is armed yet, and the checks it runs. */
class SessionWait {
  private readonly printer: EventPrinter | null;
  private stream: EventStream | null = null;
  private live = false;
  /** False until the action has run (its events, not earlier ones, may settle the wait). */
  private armed: boolean;
  private turnId: string | undefined;
  private checking = false;
  private recheck = false;
  private finished = false;
  private graceTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly ctx: CommandContext,
    private readonly client: SwitchboardClient,
    private readonly sessionId: string,
    private readonly opts: WaitOptions,
    private readonly resolve: (detail: SessionDetail) => void,
    private readonly reject: (err: unknown) => void,
  ) {
    this.printer = ctx.json ? null : new EventPrinter((text) => ctx.io.stdout(text));
    this.armed = opts.action === undefined;
  }

  start(): void {
    try {
      this.stream = this.ctx.openStream({
        since: 0,
        session: this.sessionId,
        onEvent: (e) => this.onEvent(e),
        onLive: () => this.onLive(),
        onStateChange: (state) => this.onStateChange(state),
      });
    } catch (err) {
      this.finish(err);
    }
  }

  private finish(err: unknown, detail?: SessionDetail): void {
    if (this.finished) return;
    this.finished = true;
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.stream?.close();
    this.printer?.flush();
    if (detail) this.resolve(detail);
    else this.reject(err);
  }

  // One getSession at a time; a trigger that arrives meanwhile runs one more check after it.
  private check(): void {
    if (!this.armed || this.finished) return;
    if (this.checking) {
      this.recheck = true;
      return;
    }
    this.checking = true;
    this.client.api
      .getSession({ params: { id: this.sessionId } })
      .then((detail) => {
        this.checking = false;
        if (isSettled(detail, this.turnId)) this.finish(null, detail);
        else if (this.recheck) {
          this.recheck = false;
          this.check();
        }
      })
      .catch((err: unknown) => this.finish(err));
  }

  private onEvent(e: StreamEvent): void {
    if (this.live || this.opts.fromStart) this.printer?.print(e);
    if (this.live && (e.type === 'session.state_changed' || e.type === 'turn.ended' || e.type === 'session.deleted')) this.check();
  }

  private onLive(): void {
    const first = !this.live;
    this.live = true;
    if (first && this.opts.action) {
      this.opts
        .action()
        .then((r) => {
          this.turnId = r.turnId;
          this.armed = true;
          this.check();
        })
        .catch((err: unknown) => this.finish(err));
    } else {
      // A (re)connect replays what happened meanwhile; the state may have settled in the gap.
      this.check();
    }
  }

  private onStateChange(state: string): void {
    if (state === 'live') {
      if (this.graceTimer) clearTimeout(this.graceTimer);
      this.graceTimer = null;
    } else if (state === 'backoff' && this.graceTimer === null) {
      this.graceTimer = setTimeout(() => {
        this.finish(new SwitchboardError('unavailable', 'lost the connection to the daemon while waiting for the session'));
      }, RECONNECT_GRACE_MS);
    }
  }
}

/** The line that ends a wait, and the exit status it implies (a failed session is an error). */
export function settledSummary(detail: SessionDetail): { text: string; exitCode: number } {
  const s = detail.session;
  const why = [s.stateReason, s.stateDetail].filter((x) => x !== null && x !== '').join(': ');
  const text = `session ${s.id}: ${s.state}${why ? ` (${why})` : ''}\n${pendingPermissionLines(detail)}`;
  return { text, exitCode: s.state === 'failed' ? 1 : 0 };
}

/** What waits for the person, with the commands that answer it. */
export function pendingPermissionLines(detail: SessionDetail): string {
  const id = detail.session.id;
  return detail.pendingPermissions
    .map((p) => {
      const title = typeof p.toolCall['title'] === 'string' ? p.toolCall['title'] : 'a tool call';
      return `  permission ${p.id} pending: ${title}\n    approve: switchboard approve ${id} ${p.id}    reject: switchboard reject ${id} ${p.id}\n`;
    })
    .join('');
}
