// The last few KB of an agent's stderr: enough to explain a crash, bounded however chatty it is.
export class StderrTail {
  private text = '';

  constructor(private readonly maxChars = 8 * 1024) {}

  push(chunk: string): void {
    this.text += chunk;
    if (this.text.length > this.maxChars * 2) this.text = this.text.slice(-this.maxChars);
  }

  toString(): string {
    return this.text.slice(-this.maxChars);
  }
}
