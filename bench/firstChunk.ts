// Session start through the daemon, timed from POST /sessions until the first agent chunk reaches a
// WebSocket subscriber (project filter, already live before the POST). B2 and B8 both measure it.
import type { BenchDaemon } from './benchDaemon.js';
import { createSession, deleteSession, explainSession, type SessionStart } from './sessions.js';
import { StreamTap } from './streamTap.js';
import { now, withTimeout } from './timing.js';

const TIMEOUT_MS = 60_000;

/** Milliseconds to the first chunk; the session is deleted afterwards, untimed. */
export async function firstChunkMs(daemon: BenchDaemon, start: SessionStart): Promise<number> {
  let firstAt = 0;
  let onFirst: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (onFirst = resolve));
  const tap = new StreamTap({
    port: daemon.port,
    token: daemon.token,
    since: 0,
    project: start.project,
    onFrame: (f) => {
      if (f.kind === 'event' && f.type === 'agent.message_chunk' && firstAt === 0) {
        firstAt = f.at;
        onFirst();
      }
    },
  });
  try {
    await withTimeout('the stream to go live', tap.whenLive(), TIMEOUT_MS);
    const t0 = now();
    const session = await createSession(daemon, start);
    await withTimeout('the first chunk (daemon)', Promise.race([first, tap.dropped]), TIMEOUT_MS).catch(async (err: unknown) => {
      throw await explainSession(daemon, session.id, err);
    });
    const ms = firstAt - t0;
    await deleteSession(daemon, session.id);
    return ms;
  } finally {
    tap.close();
  }
}
