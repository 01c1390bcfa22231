// Prints a session's events as they happen (`send --wait`, `followup --wait`): streamed message
// and thought chunks are joined into running text, everything else gets one line.
import { narrowEvent } from '../daemon/protocol/eventNarrowing.js';
import type { StreamEvent } from '../daemon/protocol/eventStream.js';
import { clock, summarizeEvent } from './format.js';

/** Events too chatty to be worth a line while watching. */
const QUIET = new Set(['session.updated', 'tool_call_update', 'usage', 'agent.update', 'user.message_chunk']);

export class EventPrinter {
  #open: 'agent' | 'thought' | null = null;
  /** Whether the running text already ends its line (chunks often end with a newline). */
  #atLineStart = true;
  readonly #write: (text: string) => void;

  constructor(write: (text: string) => void) {
    this.#write = write;
  }

  print(e: StreamEvent): void {
    const t = narrowEvent(e);
    if (t && (t.type === 'agent.message_chunk' || t.type === 'agent.thought_chunk')) {
      const kind = t.type === 'agent.message_chunk' ? 'agent' : 'thought';
      if (this.#open !== kind) {
        this.flush();
        this.#write(kind === 'agent' ? 'agent: ' : 'thinking: ');
        this.#open = kind;
        this.#atLineStart = false;
      }
      this.#write(t.payload.text);
      if (t.payload.text.length > 0) this.#atLineStart = t.payload.text.endsWith('\n');
      return;
    }
    if (QUIET.has(e.type)) return;
    this.flush();
    this.#write(`${clock(e.time)}  ${e.type.padEnd(22)} ${summarizeEvent(e)}\n`);
  }

  /** Ends running text with a newline, so the next line starts clean. */
  flush(): void {
    if (this.#open !== null && !this.#atLineStart) this.#write('\n');
    this.#open = null;
    this.#atLineStart = true;
  }
}
