// Readiness of a computer container: its VNC server, listening on a unix socket in a bind-mounted
// folder, answers with the RFB protocol banner. A container that runs is not yet a desktop.
import net from 'node:net';

/** Longest unix socket path Linux accepts (sun_path is 108 bytes, one for the NUL). */
export const MAX_SOCKET_PATH = 107;

/** True when a connection to `socketPath` receives an `RFB xxx.yyy\n` banner within `timeoutMs`. */
export function probeVnc(socketPath: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let got = '';
    const sock = net.connect(socketPath);
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      got += d;
      if (got.length >= 12) done(/^RFB \d{3}\.\d{3}\n/.test(got));
    });
    sock.on('error', () => done(false));
    sock.on('close', () => done(false));
  });
}

/** Polls `probeVnc` until it answers or `timeoutMs` passes; resolves with the time it took, or null. */
export async function waitForVnc(socketPath: string, timeoutMs: number, isAlive: () => Promise<boolean>): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await probeVnc(socketPath, 1_000)) return Date.now() - started;
    if (!(await isAlive())) return null;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}
