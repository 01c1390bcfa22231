// The banner of a session waiting for a login (`auth_required`): what the agent said, and a
// "Log in" button that asks the host to run the extension's login command for this session (the
// agent's own login in a terminal, or a key prompt); the session resumes once logged in.
import { isWaitingForLogin } from '../../../daemon/protocol/sessionStates.js';
import type { ChatModel } from '../chatTypes.js';
import { h, icon } from './dom.js';

export class AuthBanner {
  readonly #button = h('button', { id: 'auth-login', type: 'button', class: 'primary' }, icon('key'), ' Log in');
  readonly #text = h('span', { class: 'auth-text' });
  readonly #error = h('div', { id: 'auth-error', role: 'alert', hidden: true });
  readonly element = h('div', { id: 'auth-banner', role: 'alert', hidden: true }, h('div', { class: 'auth-row' }, icon('account'), this.#text, this.#button), this.#error);
  #busy = false;

  constructor(login: () => Promise<string | null>) {
    this.#button.addEventListener('click', () => {
      if (this.#busy) return;
      this.#busy = true;
      this.#button.disabled = true;
      this.#showError(null);
      void login().then((error) => {
        this.#busy = false;
        this.#button.disabled = false;
        this.#showError(error);
      });
    });
  }

  render(model: ChatModel): void {
    const status = model.status;
    const waiting = status !== null && isWaitingForLogin({ state: status.state, stateReason: status.reason });
    this.element.hidden = !waiting;
    if (!waiting) return;
    // The agent's own words (which methods) are the header's detail line: not repeated here.
    this.#text.textContent = ` ${model.session?.agent ?? 'The agent'} needs you to log in. The session resumes once you have.`;
  }

  #showError(message: string | null): void {
    this.#error.hidden = message === null;
    this.#error.replaceChildren(...(message === null ? [] : [icon('error'), ` ${message}`]));
  }
}
