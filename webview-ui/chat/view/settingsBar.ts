// The header's second row: the model and mode as pickers, the agent's other options (effort,
// switches) in a compact "Options" popover, the context bar and the session's cost. Built from
// what the agent offered (model.config); a choice becomes a request the host sends as
// PATCH …/config, and until the agent takes it the picker shows the choice with its note
// ("applies at the next prompt") or the refusal inline.
import type { ConfigOption, SettingsRequest } from '../../../daemon/protocol/settingsEntities.js';
import type { ChatModel } from '../chatTypes.js';
import { changeRequest, contextGauge, costBadge, optionsSummary, settingsPickers, type SettingsPickers } from '../sessionSettings.js';
import { h, icon } from './dom.js';

export interface SettingsActions {
  /** Resolves with the host's answer: an error in words, or a note on when the change applies. */
  setConfig(change: SettingsRequest): Promise<{ error: string | null; note: string | null }>;
}

type SettingsView = Pick<ChatModel, 'config' | 'usage'>;

const NOT_OFFERED = 'The agent has not offered any yet: it does when it starts';

export class SettingsBar {
  readonly #model = h('span', { class: 'setting-slot', 'data-setting': 'model' });
  readonly #mode = h('span', { class: 'setting-slot', 'data-setting': 'mode' });
  readonly #options = h('span', { class: 'setting-slot', 'data-setting': 'options' });
  readonly #context = h('span', { id: 'context-bar', role: 'meter', hidden: true }, h('span', { class: 'context-fill' }));
  readonly #cost = h('span', { id: 'session-cost', hidden: true });
  readonly #note = h('div', { id: 'settings-note', class: 'muted', role: 'status', hidden: true });
  readonly #error = h('div', { id: 'settings-error', role: 'alert', hidden: true });
  readonly element = h(
    'div',
    { id: 'session-settings' },
    h('div', { class: 'settings-row' }, this.#model, this.#mode, this.#options, h('span', { class: 'spacer' }), this.#context, this.#cost),
    this.#note,
    this.#error,
  );
  readonly #actions: SettingsActions;
  /** Choices sent and not yet seen as the agent's current value: option id → value. */
  readonly #chosen = new Map<string, string | boolean>();
  readonly #sending = new Set<string>();
  #last: SettingsView = { config: [], usage: null };
  #key = '';
  #usageKey = '';
  /** The options popover stays open across redraws while the person uses it. */
  #optionsOpen = false;

  constructor(actions: SettingsActions) {
    this.#actions = actions;
  }

  render(model: SettingsView): void {
    this.#last = { config: model.config, usage: model.usage };
    const usageKey = JSON.stringify(model.usage);
    if (usageKey !== this.#usageKey) {
      this.#usageKey = usageKey;
      this.#renderUsage(model);
    }
    // Usage reports stream during a turn: they must not rebuild (and close) a picker in use.
    const key = JSON.stringify([model.config, [...this.#chosen], [...this.#sending]]);
    if (key === this.#key) return;
    this.#key = key;
    // A choice the agent now reports as current is done: its note has served.
    for (const [id, value] of this.#chosen) {
      if (model.config.find((o) => o.id === id)?.currentValue === value) this.#chosen.delete(id);
    }
    if (this.#chosen.size === 0) this.#showNote(null);
    const pickers = settingsPickers(model.config);
    this.#model.replaceChildren(this.#select(pickers, pickers.model, 'Model', 'sparkle'));
    this.#mode.replaceChildren(this.#select(pickers, pickers.mode, 'Mode', 'settings'));
    this.#options.replaceChildren(...(pickers.others.length > 0 ? [this.#optionsPopover(pickers)] : []));
  }

  #select(pickers: SettingsPickers, option: ConfigOption | null, label: string, glyph: string): HTMLElement {
    const select = h('select', {
      id: `setting-${label.toLowerCase()}`,
      'aria-label': label,
      title: option ? `${label}: ${option.description ?? option.name}` : `${label}: ${NOT_OFFERED}`,
      disabled: !option || this.#sending.has(option.id),
    });
    if (!option) select.append(h('option', {}, `${label}: —`));
    for (const v of option?.values ?? []) select.append(h('option', { value: v.value, title: v.description ?? undefined }, v.name));
    if (option) {
      select.value = String(this.#chosen.get(option.id) ?? option.currentValue ?? '');
      select.addEventListener('change', () => void this.#choose(pickers, option, select.value));
    }
    return h('label', { class: 'setting' }, icon(glyph), select);
  }

  #optionsPopover(pickers: SettingsPickers): HTMLElement {
    const rows = pickers.others.map((o) => {
      const value = this.#chosen.get(o.id) ?? o.currentValue;
      const disabled = this.#sending.has(o.id);
      let control: HTMLInputElement | HTMLSelectElement;
      if (o.type === 'boolean') {
        control = h('input', { type: 'checkbox', checked: value === true, disabled, 'data-option-id': o.id });
        control.addEventListener('change', () => void this.#choose(pickers, o, (control as HTMLInputElement).checked));
      } else {
        control = h('select', { disabled, 'data-option-id': o.id }, ...o.values.map((v) => h('option', { value: v.value }, v.name)));
        control.value = String(value ?? '');
        control.addEventListener('change', () => void this.#choose(pickers, o, control.value));
      }
      return h('label', { class: 'option-row', title: o.description ?? '' }, h('span', {}, o.name), control);
    });
    const summary = h('summary', { title: optionsSummary(pickers.others) }, icon('settings-gear'), ' Options');
    const popover = h('details', { id: 'setting-options', class: 'options-popover', open: this.#optionsOpen }, summary, h('div', { class: 'options-panel' }, ...rows));
    popover.addEventListener('toggle', () => (this.#optionsOpen = popover.open));
    return popover;
  }

  async #choose(pickers: SettingsPickers, option: ConfigOption, value: string | boolean): Promise<void> {
    this.#chosen.set(option.id, value);
    this.#sending.add(option.id);
    this.#showError(null);
    this.#rerender();
    const { error, note } = await this.#actions.setConfig(changeRequest(pickers, option, value));
    this.#sending.delete(option.id);
    if (error !== null) {
      this.#chosen.delete(option.id);
      this.#showError(error);
    } else if (note !== null) {
      this.#showNote(`${option.name}: ${note}`);
    }
    this.#rerender();
  }

  /** Draws again from the last model: a choice's sending state changed, not the model. */
  #rerender(): void {
    this.#key = '';
    this.render(this.#last);
  }

  #renderUsage(model: SettingsView): void {
    const gauge = contextGauge(model.usage);
    this.#context.hidden = gauge === null;
    this.#context.title = gauge?.label ?? '';
    this.#context.setAttribute('aria-valuenow', String(Math.round((gauge?.fraction ?? 0) * 100)));
    // CSSOM, not a style attribute: the CSP allows no inline styles in markup.
    (this.#context.firstElementChild as HTMLElement).style.width = `${((gauge?.fraction ?? 0) * 100).toFixed(1)}%`;
    const cost = costBadge(model.usage);
    this.#cost.hidden = cost === null;
    this.#cost.textContent = cost?.text ?? '';
    this.#cost.title = cost?.tooltip ?? '';
  }

  #showNote(text: string | null): void {
    this.#note.hidden = text === null;
    this.#note.textContent = text ?? '';
  }

  #showError(message: string | null): void {
    this.#error.hidden = message === null;
    this.#error.replaceChildren(...(message === null ? [] : [icon('error'), ` ${message}`]));
  }
}
