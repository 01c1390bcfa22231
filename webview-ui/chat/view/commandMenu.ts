// The composer's `/` menu: shown while the box holds `/` and a partial name, listing the agent's
// commands that match (name, description, input hint). Arrow keys move, Enter or Tab picks,
// Escape closes; a click picks too. The composer asks it first about every key.
import type { SlashCommand } from '../../../daemon/protocol/settingsEntities.js';
import { commandQuery, matchCommands, moveSelection } from '../slashCommands.js';
import { h } from './dom.js';

export class CommandMenu {
  readonly element = h('div', { id: 'command-menu', role: 'listbox', 'aria-label': 'Agent commands', hidden: true });
  readonly #onPick: (command: SlashCommand) => void;
  #commands: readonly SlashCommand[] = [];
  #matches: SlashCommand[] = [];
  #selected = 0;
  /** The text the user closed the menu on with Escape: it stays closed until the text changes. */
  #dismissedFor: string | null = null;

  constructor(onPick: (command: SlashCommand) => void) {
    this.#onPick = onPick;
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  setCommands(commands: readonly SlashCommand[]): void {
    this.#commands = commands;
  }

  /** The box's text changed: open, filter or close. */
  update(text: string): void {
    const query = commandQuery(text);
    if (this.#dismissedFor !== null && this.#dismissedFor !== text) this.#dismissedFor = null;
    const matches = query === null || this.#dismissedFor !== null ? [] : matchCommands(this.#commands, query);
    if (matches.map((c) => c.name).join() !== this.#matches.map((c) => c.name).join()) this.#selected = 0;
    this.#matches = matches;
    this.#draw();
  }

  /** Handles a key if the menu is open; true when it did (the composer then does nothing more). */
  onKey(e: KeyboardEvent, text: string): boolean {
    if (!this.open) return false;
    const count = this.#matches.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') this.#selected = moveSelection(this.#selected, count, e.key === 'ArrowDown' ? 1 : -1);
    else if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') this.#pick(this.#matches[this.#selected]);
    else if (e.key === 'Escape') this.#dismissedFor = text;
    else return false;
    e.preventDefault();
    if (e.key === 'Escape') this.#matches = [];
    this.#draw();
    return true;
  }

  #pick(command: SlashCommand | undefined): void {
    this.#matches = [];
    if (command) this.#onPick(command);
  }

  #draw(): void {
    this.element.hidden = this.#matches.length === 0;
    this.element.replaceChildren(
      ...this.#matches.map((c, i) => {
        const row = h(
          'div',
          { class: 'command-option', role: 'option', 'aria-selected': String(i === this.#selected), 'data-command': c.name },
          h('span', { class: 'command-name' }, `/${c.name}`),
          h('span', { class: 'command-description muted' }, c.description),
          c.inputHint !== null && h('span', { class: 'command-hint muted' }, c.inputHint),
        );
        // mousedown, not click: picking must not blur the box first.
        row.addEventListener('mousedown', (e) => {
          e.preventDefault();
          this.#pick(c);
          this.#draw();
        });
        return row;
      }),
    );
  }
}
