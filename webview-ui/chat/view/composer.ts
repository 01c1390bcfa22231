// The follow-up composer and the Cancel button. A prompt sent while a turn runs is queued by the
// daemon (it shows up as "queued" above the composer from its `turn.queued` event); the draft is
// UI intent and survives reloads through the webview state.
import { FOLLOW_UP_STATES } from '../../../daemon/protocol/sessionStates.js';
import type { SlashCommand } from '../../../daemon/protocol/settingsEntities.js';
import type { ChatModel } from '../chatTypes.js';
import { commandInText, pickedText } from '../slashCommands.js';
import { CommandMenu } from './commandMenu.js';
import { h, icon } from './dom.js';

export interface ComposerActions {
  /** Resolves with an error message, or null once the host accepted the prompt. */
  send(text: string): Promise<string | null>;
  cancel(): Promise<string | null>;
  draftChanged(text: string): void;
}

const PLACEHOLDER = 'Send a follow-up (Enter to send, Shift+Enter for a new line)';

export class Composer {
  readonly #input = h('textarea', {
    id: 'composer-input',
    rows: 3,
    placeholder: PLACEHOLDER,
    'aria-label': 'Follow-up prompt',
  });
  readonly #send = h('button', { id: 'composer-send', type: 'button', class: 'primary' }, icon('send'), ' Send');
  readonly #cancel = h('button', { id: 'cancel-turn', type: 'button', class: 'secondary', title: 'Cancel the running turn' }, icon('debug-stop'), ' Cancel');
  readonly #hint = h('span', { id: 'composer-hint', class: 'muted' });
  readonly #error = h('div', { id: 'composer-error', hidden: true, role: 'alert' });
  readonly #menu = new CommandMenu((c) => this.#insertCommand(c));
  /** The picked command's input hint, shown while the box starts with that command. */
  readonly #commandHint = h('div', { id: 'command-input-hint', class: 'muted', hidden: true });
  readonly element = h(
    'footer',
    { id: 'composer' },
    this.#menu.element,
    this.#commandHint,
    this.#input,
    h('div', { class: 'composer-actions' }, this.#hint, this.#cancel, this.#send),
    this.#error,
  );
  readonly #actions: ComposerActions;
  #sending = false;
  #cancelling = false;
  #busy = false;
  #canSend = true;
  #commands: readonly SlashCommand[] = [];

  constructor(actions: ComposerActions, draft: string) {
    this.#actions = actions;
    this.#input.value = draft;
    this.#input.addEventListener('input', () => {
      actions.draftChanged(this.#input.value);
      this.#menu.update(this.#input.value);
      this.#update();
    });
    this.#input.addEventListener('keydown', (e) => {
      if (e.isComposing || this.#menu.onKey(e, this.#input.value)) return;
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        void this.#submit();
      }
    });
    this.#send.addEventListener('click', () => void this.#submit());
    this.#cancel.addEventListener('click', () => void this.#doCancel());
    this.#update();
  }

  render(model: ChatModel): void {
    const state = model.status?.state;
    // A turn is in flight: its start was seen and its end not yet.
    this.#busy = model.currentTurnId !== null && (state === 'running' || state === 'waiting_for_user');
    this.#canSend = state === undefined || FOLLOW_UP_STATES.includes(state);
    if (model.commands !== this.#commands) {
      this.#commands = model.commands;
      this.#menu.setCommands(model.commands);
      this.#input.placeholder = model.commands.length > 0 ? `${PLACEHOLDER} · / for the agent's commands` : PLACEHOLDER;
    }
    this.#update();
  }

  #insertCommand(command: SlashCommand): void {
    this.#input.value = pickedText(command);
    this.#input.focus();
    this.#input.setSelectionRange(this.#input.value.length, this.#input.value.length);
    this.#actions.draftChanged(this.#input.value);
    this.#update();
  }

  focus(): void {
    this.#input.focus();
  }

  async #submit(): Promise<void> {
    const text = this.#input.value.trim();
    if (!text || this.#sending || !this.#canSend) return;
    this.#sending = true;
    this.#showError(null);
    this.#update();
    const error = await this.#actions.send(text);
    this.#sending = false;
    if (error === null) {
      // Only now: a prompt the daemon refused stays in the box to be fixed or retried.
      if (this.#input.value.trim() === text) this.#input.value = '';
      this.#actions.draftChanged(this.#input.value);
      this.#menu.update(this.#input.value);
    } else {
      this.#showError(error);
    }
    this.#update();
  }

  async #doCancel(): Promise<void> {
    if (this.#cancelling) return;
    this.#cancelling = true;
    this.#update();
    const error = await this.#actions.cancel();
    this.#cancelling = false;
    this.#showError(error);
    this.#update();
  }

  #showError(message: string | null): void {
    this.#error.hidden = message === null;
    this.#error.replaceChildren(...(message === null ? [] : [icon('error'), ` ${message}`]));
  }

  #update(): void {
    const empty = this.#input.value.trim() === '';
    this.#send.disabled = empty || this.#sending || !this.#canSend;
    this.#send.replaceChildren(icon(this.#sending ? 'loading' : 'send', this.#sending ? 'codicon-modifier-spin' : ''), this.#busy ? ' Queue' : ' Send');
    this.#send.title = this.#busy ? 'The agent is busy: this prompt runs when the current turn ends' : 'Send this prompt to the agent';
    this.#cancel.disabled = !this.#busy || this.#cancelling;
    this.#hint.textContent = !this.#canSend ? 'This session no longer takes prompts.' : this.#busy ? 'The agent is working: a prompt sent now waits for this turn to end.' : '';
    this.element.dataset.busy = String(this.#busy);
    const command = commandInText(this.#commands, this.#input.value);
    this.#commandHint.hidden = command?.inputHint == null;
    this.#commandHint.textContent = command?.inputHint ? `/${command.name} — ${command.inputHint}` : '';
  }
}
