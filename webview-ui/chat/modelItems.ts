// The timeline's three edits, shared by the reducers (chatModel.ts, agentFeatureReducer.ts): find
// an item by id, append one, replace one in place. `index` is kept in step by these alone.
import type { ChatItem, ChatModel } from './chatTypes.js';

export function findItem(model: ChatModel, id: string): ChatItem | undefined {
  const at = model.index[id];
  return at === undefined ? undefined : model.items[at];
}

export function pushItem(model: ChatModel, item: ChatItem): void {
  model.index[item.id] = model.items.length;
  model.items.push(item);
}

/** Replaces an item with the same id in place, or appends it. */
export function upsertItem(model: ChatModel, item: ChatItem): void {
  const at = model.index[item.id];
  if (at === undefined) pushItem(model, item);
  else model.items[at] = item;
}
