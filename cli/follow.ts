// `--wait`: follow one session's events until it settles — completed, failed, stopped, or
// waiting for the person (a permission, a login) — printing them as they come. Events are only
// the trigger; the settled state is always confirmed with a fresh `getSession`, so a stale or
// reordered event can never end the wait early.
import type { SessionDetail } from '../daemon/protocol/routes.js';
import type { SessionState } from '../daemon/protocol/entities.js';
import { SwitchboardError } from '../daemon/protocol/errors.js';
import type { EventStream, StreamEvent } from '../daemon/protocol/eventStream.js';
import type { CommandContext } from './context.js';
import { EventPrinter } from './eventPrinter.js';

/** How long the stream may stay disconnected before the wait gives up. */
const RECONNECT_GRACE_MS = 30_000;

const DONE_STATES: readonly SessionState[] = ['failed', 'stopped', 'archived', 'deleted', 'waiting_for_user'];

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
  if (DONE_STATES.includes(state)) return true;
  if (state !== 'completed') return false;
  if (turnId === undefined) return true;
  return detail.turns.some((t) => t.id === turnId && t.state === 'done');
}

export async function waitForSession(ctx: CommandContext, sessionId: string, opts: WaitOptions): Promise<SessionDetail> {
  const client = ctx.client();
  // An unknown id fails here, plainly, instead of as a stream that keeps being refused.
  await client.api.getSession({ params: { id: sessionId } });
  const printer = ctx.json ? null : new EventPrinter((text) => ctx.io.stdout(text));

  return await new Promise<SessionDetail>((resolve, reject) => {
    let stream: EventStream | null = null;
    let live = false;
    let armed = opts.action === undefined;
    let turnId: string | undefined;
    let checking = false;
    let recheck = false;
    let finished = false;
    let graceTimer: ReturnType<typeof setTimeout> | null = null;

    const finish = (err: unknown, detail?: SessionDetail): void => {
      if (finished) return;
      finished = true;
      if (graceTimer) clearTimeout(graceTimer);
      stream?.close();
      printer?.flush();
      if (detail) resolve(detail);
      else reject(err);
    };

    // One getSession at a time; a trigger that arrives meanwhile runs one more check after it.
    const check = (): void => {
      if (!armed || finished) return;
      if (checking) {
        recheck = true;
        return;
      }
      checking = true;
      client.api
        .getSession({ params: { id: sessionId } })
        .then((detail) => {
          checking = false;
          if (isSettled(detail, turnId)) finish(null, detail);
          else if (recheck) {
            recheck = false;
            check();
          }
        })
        .catch((err: unknown) => finish(err));
    };

    const onEvent = (e: StreamEvent): void => {
      if (live || opts.fromStart) printer?.print(e);
      if (live && (e.type === 'session.state_changed' || e.type === 'turn.ended' || e.type === 'session.deleted')) check();
    };

    const onLive = (): void => {
      const first = !live;
      live = true;
      if (first && opts.action) {
        opts
          .action()
          .then((r) => {
            turnId = r.turnId;
            armed = true;
            check();
          })
          .catch((err: unknown) => finish(err));
      } else {
        // A (re)connect replays what happened meanwhile; the state may have settled in the gap.
        check();
      }
    };

    const onStateChange = (state: string): void => {
      if (state === 'live') {
        if (graceTimer) clearTimeout(graceTimer);
        graceTimer = null;
      } else if (state === 'backoff' && graceTimer === null) {
        graceTimer = setTimeout(() => {
          finish(new SwitchboardError('unavailable', 'lost the connection to the daemon while waiting for the session'));
        }, RECONNECT_GRACE_MS);
      }
    };

    try {
      stream = ctx.openStream({ since: 0, session: sessionId, onEvent, onLive, onStateChange });
    } catch (err) {
      finish(err);
    }
  });
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
