// The one way a test waits: poll a condition until it holds, never a fixed sleep standing in for
// readiness. It imports nothing, so every kind of test can use it: mocha tests (through
// daemonHarness.ts, which re-exports it), the Playwright flows run by tsx, and the extension-host
// suites that esbuild bundles into VS Code (importing daemonHarness.ts there would drag the `ws`
// package and child processes into the bundle).

/** Answers the value waited for, or something falsy while it is not there yet. */
export type Probe<T> = () => T | undefined | null | false | Promise<T | undefined | null | false>;

/**
 * Resolves with the probe's first truthy answer, checking every `intervalMs`; rejects after
 * `timeoutMs` naming `what` (a function is asked at that moment, so it can say what was seen last).
 * A probe that throws ends the wait with its error. The default wait suits the slowest caller (a
 * real VS Code's extension host); a passing test never waits it out.
 */
export async function until<T>(what: string | (() => string), probe: Probe<T>, timeoutMs = 30_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    // The polling interval between two checks, not a readiness sleep.
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
