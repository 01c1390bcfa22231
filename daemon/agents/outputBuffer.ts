// Terminal output with a byte limit: when full, the oldest bytes go (the end of a build log is
// what people read), and the cut never splits a UTF-8 character.
export class OutputBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Every byte ever appended, kept or not. */
  totalBytes = 0;
  truncated = false;

  constructor(private readonly limit: number) {}

  append(chunk: Buffer): void {
    this.totalBytes += chunk.length;
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit) {
      const first = this.chunks[0];
      if (!first) break;
      this.truncated = true;
      const excess = this.size - this.limit;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
  }

  text(): string {
    let bytes = Buffer.concat(this.chunks, this.size);
    if (this.truncated) {
      // Skip continuation bytes (10xxxxxx) left over from a character cut in half.
      let start = 0;
      while (start < bytes.length && start < 3 && ((bytes[start] ?? 0) & 0xc0) === 0x80) start++;
      bytes = bytes.subarray(start);
    }
    return bytes.toString('utf8');
  }
}
