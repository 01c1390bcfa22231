// Draws the model's timeline into the message list, incrementally: new items are appended and
// items whose `rev` moved past the last drawn revision are rebuilt in place. Nothing else is
// touched, so a flood of chunks redraws one message per frame, not the conversation.
import type { ChatModel } from '../chatTypes.js';
import { h } from './dom.js';
import { renderItem, renderUser } from './itemViews.js';
import type { ViewContext } from './viewContext.js';

export class Timeline {
  readonly #list: HTMLElement;
  readonly #queued: HTMLElement;
  readonly #elements = new Map<string, HTMLElement>();
  #drawnRevision = 0;
  #drawnCount = 0;
  #queuedKey = '';

  constructor(list: HTMLElement, queued: HTMLElement) {
    this.#list = list;
    this.#queued = queued;
  }

  render(ctx: ViewContext): void {
    const { items } = ctx.model;
    for (let i = 0; i < this.#drawnCount; i++) {
      const item = items[i]!;
      if (item.rev > this.#drawnRevision) this.#replace(item.id, renderItem(item, ctx));
    }
    const fragment = document.createDocumentFragment();
    for (let i = this.#drawnCount; i < items.length; i++) {
      const el = renderItem(items[i]!, ctx);
      this.#elements.set(items[i]!.id, el);
      fragment.appendChild(el);
    }
    this.#list.appendChild(fragment);
    this.#drawnCount = items.length;
    this.#drawnRevision = ctx.model.revision;
    this.#renderQueued(ctx.model);
  }

  /** Rebuilds one item now (its view inputs changed outside the model, e.g. an answer is being sent). */
  redraw(itemId: string, ctx: ViewContext): void {
    const at = ctx.model.index[itemId];
    const item = at === undefined ? undefined : ctx.model.items[at];
    if (item && at !== undefined && at < this.#drawnCount) this.#replace(itemId, renderItem(item, ctx));
  }

  /** Forgets everything drawn (a new model follows). */
  reset(): void {
    this.#list.replaceChildren();
    this.#queued.replaceChildren();
    this.#elements.clear();
    this.#drawnRevision = 0;
    this.#drawnCount = 0;
    this.#queuedKey = '';
  }

  #replace(id: string, el: HTMLElement): void {
    const old = this.#elements.get(id);
    if (old) old.replaceWith(el);
    this.#elements.set(id, el);
  }

  /** Prompts waiting for the current turn to end, below the conversation. */
  #renderQueued(model: ChatModel): void {
    const key = model.queued.map((q) => q.id).join('\n');
    if (key === this.#queuedKey) return;
    this.#queuedKey = key;
    this.#queued.replaceChildren(
      ...model.queued.map((q) => {
        const el = renderUser(q);
        el.classList.add('item', 'queued');
        el.dataset.itemId = q.id;
        el.dataset.kind = 'user';
        return el;
      }),
    );
    this.#queued.hidden = model.queued.length === 0;
    if (model.queued.length > 0) this.#queued.prepend(h('div', { class: 'queued-title muted' }, `Queued (${model.queued.length})`));
  }
}
