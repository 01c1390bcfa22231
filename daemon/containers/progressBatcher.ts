// Build output arrives a line (or a fragment) at a time, thousands of lines per build; one event
// per line would flood the log. Lines are batched: flushed at 40 lines or 500 ms, whichever first.
const MAX_LINES = 40;
const MAX_WAIT_MS = 500;
const MAX_LINE_CHARS = 500;

export class ProgressBatcher {
  private lines: string[] = [];
  private partial = '';
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly sink: (lines: string[]) => void) {}

  /** Raw text: split into lines; a trailing fragment waits for the rest of its line. */
  pushText(text: string): void {
    const parts = (this.partial + text).split(/\r?\n|\r/);
    this.partial = parts.pop() ?? '';
    for (const p of parts) this.push(p);
  }

  push(line: string): void {
    const clean = line.trimEnd();
    if (clean === '') return;
    this.lines.push(clean.length > MAX_LINE_CHARS ? `${clean.slice(0, MAX_LINE_CHARS)}…` : clean);
    if (this.lines.length >= MAX_LINES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), MAX_WAIT_MS);
  }

  flush(): void {
    if (this.partial.trim() !== '') {
      this.lines.push(this.partial.trimEnd());
      this.partial = '';
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.lines.length === 0) return;
    const batch = this.lines;
    this.lines = [];
    this.sink(batch);
  }
}
