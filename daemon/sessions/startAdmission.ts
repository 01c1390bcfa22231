// A session's turn in admission control before its agent starts: a slot at once when one is free
// and nobody waits ahead, else the `queued` state with a stored FIFO ticket (`queueSeq`) until
// admission.ts admits it. Withdrawn (cancelled, stopped, deleted, daemon shutdown), the wait fails
// with reason `withdrawn` and the state is left to whoever withdrew it.
import { canTransition } from '../protocol/sessionStates.js';
import type { Admission } from './admission.js';
import { AdmissionWithdrawn } from './admission.js';
import type { SessionRecords } from './sessionRecords.js';

/** What a withdrawn wait rejects with: the runner leaves the session's state and turns alone. */
export class StartWithdrawn extends Error {
  readonly reason = 'withdrawn';
  constructor() {
    super('the start was withdrawn from the admission queue');
  }
}

export interface StartAdmissionDeps {
  admission: Admission;
  records: SessionRecords;
}

/** Resolves holding a slot for the session; the caller releases it when the agent is gone or the start fails. */
export async function admitStart(deps: StartAdmissionDeps, sessionId: string): Promise<void> {
  const { admission, records } = deps;
  if (admission.tryAcquire(sessionId)) {
    leaveQueue(records, sessionId);
    return;
  }
  const s = records.get(sessionId);
  const seq = s.queueSeq ?? admission.nextSeq();
  if (s.queueSeq !== seq) records.update(sessionId, { queueSeq: seq }, true);
  const limits = admission.snapshot();
  const why =
    limits.blockedBy === 'memory'
      ? `waiting for memory: ${limits.availableMemoryMb} MiB available, below the floor of ${limits.memoryFloorMb} MiB`
      : `waiting for a free agent slot (${limits.running.length} of ${limits.maxAgents} running)`;
  if (canTransition(s.state, 'queued')) records.setState(sessionId, 'queued', 'admission', why, 'queue for an agent slot');
  try {
    await admission.acquire(sessionId, seq);
  } catch (err) {
    if (err instanceof AdmissionWithdrawn) throw new StartWithdrawn();
    throw err;
  }
  leaveQueue(records, sessionId);
}

/** Admitted: no ticket any more, and the session runs from here (setup, then its agent and turn). */
function leaveQueue(records: SessionRecords, sessionId: string): void {
  const s = records.get(sessionId);
  if (s.queueSeq != null) records.update(sessionId, { queueSeq: null }, true);
  if (s.state === 'queued') records.setState(sessionId, 'running', null, null, 'start after the queue');
}
