// What the webview remembers across hides and reloads through `getState`/`setState`: UI intent
// only (which session this panel shows, where the user was reading, their unsent draft, what they
// expanded). The conversation itself is domain data and comes back from the daemon's event log.
import { z } from 'zod';
import type { WebviewMessage } from './messages.js';

export const UiStateSchema = z.object({
  /** Also what the host's panel serializer reads to reopen this panel after a window reload. */
  sessionId: z.string(),
  /** The last seq rendered when the state was saved; scroll is restored once history reaches it. */
  lastSeq: z.number().int().nonnegative().default(0),
  scrollTop: z.number().nonnegative().default(0),
  /** Following the stream (scrolled to the end); new content keeps it there. */
  atBottom: z.boolean().default(true),
  draft: z.string().default(''),
  /** Item ids whose collapsible part the user opened (true) or closed (false), overriding defaults. */
  expanded: z.record(z.string(), z.boolean()).default({}),
});
export type UiState = z.infer<typeof UiStateSchema>;

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: UiState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** `acquireVsCodeApi` may be called once per document: this is that call. */
export function vscodeApi(): VsCodeApi {
  // The static preview (test/webview/preview.html) defines one too, standing in for VS Code.
  if (typeof acquireVsCodeApi !== 'function') throw new Error('the chat webview runs only inside VS Code or its preview');
  return acquireVsCodeApi();
}

/** The saved state if it is this session's and parses; a fresh one otherwise. */
export function loadUiState(saved: unknown, sessionId: string): UiState {
  const parsed = UiStateSchema.safeParse(saved);
  if (parsed.success && parsed.data.sessionId === sessionId) return parsed.data;
  return UiStateSchema.parse({ sessionId });
}
