// What item views need from the app besides the item: the model (terminals, session cwd), the
// UI intent (expanded items) and the actions a click can start. Passed in, never global.
import type { ElicitationContent } from '../../../daemon/protocol/elicitationEntities.js';
import type { ChatModel } from '../chatTypes.js';
import type { UiState } from '../uiState.js';

export interface ViewActions {
  answerPermission(requestId: string, optionId: string): void;
  answerElicitation(requestId: string, action: 'accept' | 'decline' | 'cancel', content: ElicitationContent | undefined): void;
  openFile(path: string, line: number | null): void;
  /** The user opened or closed a collapsible part; remembered across reloads. */
  setExpanded(itemId: string, open: boolean): void;
}

export interface ViewContext {
  model: ChatModel;
  ui: UiState;
  actions: ViewActions;
  /** Permission and elicitation requests whose answer was sent and not yet confirmed by an event. */
  answering: ReadonlyMap<string, string>;
  /** Errors from failed answers, by request id, shown on the card until the next try. */
  answerErrors: ReadonlyMap<string, string>;
  /** The form content this panel sent for an elicitation, shown once it is answered. */
  sentForms: ReadonlyMap<string, ElicitationContent>;
}

/** A collapsible's state: what the user chose last, else the view's default. */
export function isExpanded(ctx: ViewContext, itemId: string, byDefault: boolean): boolean {
  return ctx.ui.expanded[itemId] ?? byDefault;
}

/** Paths inside the session's directory are shown relative to it: shorter, and what the user knows. */
export function displayPath(ctx: ViewContext, path: string): string {
  const cwd = ctx.model.session?.cwd;
  if (cwd && path.startsWith(`${cwd}/`)) return path.slice(cwd.length + 1);
  return path;
}
