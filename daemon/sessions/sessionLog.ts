// One log file per session: the agent's stderr (redacted) and the daemon's lifecycle notes.
import fs from 'node:fs';
import path from 'node:path';

export interface Redact {
  redact(text: string): string;
}

export class SessionLogs {
  private readonly streams = new Map<string, fs.WriteStream>();

  constructor(
    private readonly dir: string,
    private readonly redactor: Redact,
  ) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /** Secrets out of any agent-produced text before it is stored anywhere. */
  redact(text: string): string {
    return this.redactor.redact(text);
  }

  pathOf(sessionId: string): string {
    return path.join(this.dir, `${sessionId}.log`);
  }

  /** Appends text; each line is prefixed with the time and the source. */
  write(sessionId: string, source: 'stderr' | 'daemon', text: string): void {
    let stream = this.streams.get(sessionId);
    if (!stream) {
      stream = fs.createWriteStream(this.pathOf(sessionId), { flags: 'a', mode: 0o600 });
      stream.on('error', () => undefined);
      this.streams.set(sessionId, stream);
    }
    const time = new Date().toISOString();
    const lines = this.redactor.redact(text).replace(/\n$/, '').split('\n');
    stream.write(lines.map((l) => `${time} [${source}] ${l}\n`).join(''));
  }

  async close(sessionId: string): Promise<void> {
    const stream = this.streams.get(sessionId);
    if (!stream) return;
    this.streams.delete(sessionId);
    await new Promise<void>((resolve) => stream.end(resolve));
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.streams.keys()].map((id) => this.close(id)));
  }

  /** The last `lines` lines, reading only the end of the file. */
  async tail(sessionId: string, lines: number): Promise<string[]> {
    const file = this.pathOf(sessionId);
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(file, 'r');
    } catch {
      return [];
    }
    try {
      const { size } = await handle.stat();
      const want = Math.min(size, Math.max(64 * 1024, lines * 400));
      const buf = Buffer.alloc(want);
      await handle.read(buf, 0, want, size - want);
      const all = buf.toString('utf8').split('\n');
      if (all[all.length - 1] === '') all.pop();
      if (want < size) all.shift(); // the first line was cut by the read window
      return all.slice(-lines);
    } finally {
      await handle.close();
    }
  }

  async remove(sessionId: string): Promise<void> {
    await this.close(sessionId);
    await fs.promises.rm(this.pathOf(sessionId), { force: true });
  }
}
