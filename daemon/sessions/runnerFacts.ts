// Small pure helpers of the session runner: reading typed errors and describing an agent's exit
// in plain words for state details and the session log.

export type ExitInfo = { exitCode: number | null; signal: string | null; stderrTail: string };

/** The `reason` of a typed error from the inner layers (AgentStartError, AgentRequestError…). */
export function reasonOf(err: unknown): string | undefined {
  const r = (err as { reason?: unknown } | null)?.reason;
  return typeof r === 'string' ? r : undefined;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `code 3` or `signal SIGKILL`, for log lines. */
export function exitHow(info: ExitInfo): string {
  return info.signal ? `signal ${info.signal}` : `code ${info.exitCode ?? 'unknown'}`;
}

/** The state detail of a crashed session: how it ended and the last stderr lines (already redacted). */
export function crashDetail(info: ExitInfo): string {
  const how = info.signal ? `was killed by ${info.signal}` : `exited with code ${info.exitCode ?? 'unknown'}`;
  const tail = info.stderrTail.trim().split('\n').slice(-3).join(' | ');
  return `the agent ${how}${tail ? `: ${tail.slice(-300)}` : ''}`;
}

/** A timer for grace periods (not readiness): it never keeps the daemon alive by itself. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
