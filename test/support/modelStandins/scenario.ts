// What a model stand-in plays and what it records. A scenario is the model's side of a
// conversation, one step per main-loop request: the real agent sends a request, the stand-in
// answers with the next step, the agent acts on it (runs the tool itself) and asks again.

/** A tool call the model makes. `input` is an object for JSON tools and a string for freeform ones (Codex's `apply_patch`). */
export interface ScriptedToolCall {
  name: string;
  input: Record<string, unknown> | string;
}

export type ScenarioStep =
  /** A reply that ends the turn; `thinking` comes first as the model's reasoning. */
  | { text: string; thinking?: string }
  /** A tool call, optionally after some reasoning and text; the agent answers with the tool's result. */
  | { tool: ScriptedToolCall; text?: string; thinking?: string }
  /** The model API fails: this HTTP status and JSON body. */
  | { error: { status: number; body: unknown } };

/** What the stand-in answers once the scenario is played out, so a turn always ends. */
export const FINAL_TEXT = 'done';

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent (`/v1/messages?beta=true`). */
  path: string;
  /** The parsed JSON body, or null when there was none. */
  body: unknown;
  /** `main`: a main-loop request (it consumed a step or got the final text); `side`: anything else. */
  role: 'main' | 'side';
  /** Index of the scenario step it consumed; null for side requests and for requests past the end. */
  step: number | null;
}

/** What every stand-in offers a test, whatever API it speaks. */
export interface ModelStandin {
  /** Base URL (`http://127.0.0.1:PORT`), without an API version path. */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** How many scenario steps have been played so far. */
  readonly stepsPlayed: number;
  /** Appends steps; they are played after the ones already queued. */
  enqueue(...steps: ScenarioStep[]): void;
  /** The text of every tool result the agent sent back to the model, oldest first, once each. */
  toolResults(): string[];
  /** Scenario mistakes found while playing (a tool the agent did not offer); a test asserts there are none. */
  readonly scriptErrors: readonly string[];
  close(): Promise<void>;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
