// The Events view: a flat list over the EventsModel, newest first. No I/O here; the model's
// bursts (an agent streaming) are coalesced into one refresh per ~150 ms. A row opens its
// session's chat, as a click on the session in the Sessions view does.
import * as vscode from 'vscode';
import { COMMANDS } from '../commands/commandIds.js';
import { Disposable, toDisposable } from '../util/disposable.js';
import { CHUNK_TYPES, type EventItem, type EventsModel } from './eventsModel.js';
import { clock, itemDescription, itemIcon, itemSubject, itemSummary, type EventNames } from './eventsPresentation.js';

export const EVENTS_VIEW_ID = 'switchboard.events';
const REFRESH_DEBOUNCE_MS = 150;
/** The payload as JSON in a row's tooltip, cut here. */
const TOOLTIP_PAYLOAD_CHARS = 1_500;

export class EventsTreeProvider extends Disposable implements vscode.TreeDataProvider<EventItem> {
  readonly #onDidChangeTreeData = this._register(new vscode.EventEmitter<undefined>());
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  /** After each (debounced) refresh: the view's description and message follow it. */
  readonly #onDidRefresh = this._register(new vscode.EventEmitter<void>());
  readonly onDidRefresh = this.#onDidRefresh.event;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly model: EventsModel,
    private readonly names: EventNames,
  ) {
    super();
    this._register(model.onDidChange(() => this.#schedule()));
    this._register(toDisposable(() => this.#timer && clearTimeout(this.#timer)));
  }

  #schedule(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#onDidChangeTreeData.fire(undefined);
      this.#onDidRefresh.fire();
    }, REFRESH_DEBOUNCE_MS);
  }

  getChildren(item?: EventItem): EventItem[] {
    return item ? [] : [...this.model.items()];
  }

  getTreeItem(item: EventItem): vscode.TreeItem {
    const row = new vscode.TreeItem(`${clock(item.time)}  ${item.type}`, vscode.TreeItemCollapsibleState.None);
    row.id = item.id;
    const subject = itemSubject(item, this.names);
    const summary = itemSummary(item);
    row.description = itemDescription(item, this.names);
    row.iconPath = new vscode.ThemeIcon(itemIcon(item.type));
    row.tooltip = tooltipOf(item, subject, summary);
    row.contextValue = item.sessionId ? 'event:session' : 'event';
    row.accessibilityInformation = { label: `${clock(item.time)}, ${item.type}, ${subject}, ${summary}` };
    const known = item.sessionId !== null && this.names.session(item.sessionId) !== undefined;
    if (known) row.command = { command: COMMANDS.openChat, title: 'Open Chat', arguments: [item.sessionId] };
    return row;
  }
}

function tooltipOf(item: EventItem, subject: string, summary: string): vscode.MarkdownString {
  const first = item.events[0]!;
  const last = item.events.at(-1)!;
  const seqs = first === last ? `#${first.seq}` : `#${first.seq}–#${last.seq} (${item.events.length} events)`;
  const body = CHUNK_TYPES.has(item.type) ? summary : JSON.stringify(first.payload, null, 2).slice(0, TOOLTIP_PAYLOAD_CHARS);
  const tip = new vscode.MarkdownString();
  tip.appendMarkdown(`**${item.type}** ${seqs}  \n${new Date(item.time).toLocaleString()} · `);
  tip.appendText(subject);
  tip.appendCodeblock(body, CHUNK_TYPES.has(item.type) ? 'text' : 'json');
  return tip;
}
