// The card of a form the agent asks the person to fill in: its message, one control per field
// of the requested schema (text, number, switch, select, checkboxes; required ones marked), and
// Accept / Decline / Cancel. Accept checks the form first and says what is wrong beside each
// field; once answered the card keeps only its message and how it was answered (with what was sent,
// when this panel sent it).
import type { ElicitationContent } from '../../../daemon/protocol/elicitationEntities.js';
import type { ElicitationItem } from '../chatTypes.js';
import { buildForm, checkForm, describeContent, initialValues, type FormField, type FormValues } from '../elicitationForm.js';
import { h, icon } from './dom.js';
import type { ViewContext } from './viewContext.js';

const ACTION_WORDS: Record<string, string> = { accept: 'Accepted', decline: 'Declined', cancel: 'Cancelled' };

export function renderElicitation(item: ElicitationItem, ctx: ViewContext): HTMLElement {
  const fields = buildForm(item.requestedSchema);
  const sending = ctx.answering.get(item.requestId);
  const pending = item.status === 'pending';
  const values = initialValues(fields);
  const errorSlots = new Map<string, HTMLElement>();
  const controls = fields.map((f) => fieldRow(f, values, errorSlots, !pending || sending !== undefined));
  const submit = (action: 'accept' | 'decline' | 'cancel'): void => {
    if (action !== 'accept') return ctx.actions.answerElicitation(item.requestId, action, undefined);
    const check = checkForm(fields, values);
    for (const [name, slot] of errorSlots) slot.textContent = check.ok ? '' : (check.errors[name] ?? '');
    if (check.ok) ctx.actions.answerElicitation(item.requestId, 'accept', check.content);
  };
  const buttons = (['accept', 'decline', 'cancel'] as const).map((action) => {
    const b = h(
      'button',
      { type: 'button', class: action === 'accept' ? 'primary' : 'secondary', 'data-action': action, disabled: !pending || sending !== undefined },
      `${action[0]!.toUpperCase()}${action.slice(1)}`,
    );
    b.addEventListener('click', () => submit(action));
    return b;
  });
  const error = ctx.answerErrors.get(item.requestId);
  return h(
    'div',
    { class: 'elicitation-card', 'data-request-id': item.requestId, 'data-status': item.status, role: 'group', 'aria-label': 'The agent asks for input' },
    h('div', { class: 'elicitation-head' }, icon(pending ? 'comment-discussion' : 'pass'), h('span', { class: 'elicitation-message' }, item.message)),
    // Answered: the form has served; the answer line says what was sent.
    pending && h('div', { class: 'elicitation-fields' }, ...controls),
    pending && h('div', { class: 'elicitation-actions' }, ...buttons),
    answerLine(item, fields, sending, ctx.sentForms.get(item.requestId)),
    error !== undefined && h('div', { class: 'elicitation-error' }, icon('error'), ` ${error}`),
  );
}

function answerLine(item: ElicitationItem, fields: FormField[], sending: string | undefined, sent: ElicitationContent | undefined): HTMLElement | null {
  if (item.status === 'pending') return sending !== undefined ? h('div', { class: 'elicitation-answer' }, 'Sending…') : null;
  const who = item.answeredBy === 'system' ? 'Switchboard' : 'you';
  const content = item.content ?? sent;
  const what = item.action === 'accept' && content ? `: ${describeContent(fields, content)}` : '';
  return h('div', { class: 'elicitation-answer' }, `${ACTION_WORDS[item.action ?? 'cancel'] ?? 'Answered'} by ${who}${what}`);
}

function fieldRow(f: FormField, values: FormValues, errorSlots: Map<string, HTMLElement>, disabled: boolean): HTMLElement {
  const error = h('span', { class: 'field-error', 'data-field-error': f.name });
  errorSlots.set(f.name, error);
  const label = h('span', { class: 'field-label' }, f.label, f.required && h('span', { class: 'required', title: 'required' }, ' *'));
  const row = h(
    'label',
    { class: 'elicitation-field', 'data-field': f.name, 'data-kind': f.kind },
    label,
    control(f, values, disabled),
    f.description !== null && h('span', { class: 'field-description muted' }, f.description),
    error,
  );
  // What was wrong is stale once the person changes the field.
  for (const type of ['input', 'change']) row.addEventListener(type, () => (error.textContent = ''));
  return row;
}

function control(f: FormField, values: FormValues, disabled: boolean): HTMLElement {
  const name = f.name;
  const initial = values[name];
  switch (f.kind) {
    case 'boolean': {
      const box = h('input', { type: 'checkbox', name, checked: initial === true, disabled });
      box.addEventListener('change', () => (values[name] = box.checked));
      return box;
    }
    case 'select': {
      const select = h('select', { name, disabled }, h('option', { value: '' }, f.required ? 'Choose…' : '—'), ...f.choices.map((c) => h('option', { value: c.value }, c.label)));
      select.value = typeof initial === 'string' ? initial : '';
      select.addEventListener('change', () => (values[name] = select.value));
      return select;
    }
    case 'multi':
      return multiControl(f, values, disabled);
    default: {
      const input = h('input', { type: f.kind === 'number' ? 'number' : 'text', name, value: typeof initial === 'string' ? initial : '', disabled, required: f.required });
      input.addEventListener('input', () => (values[name] = input.value));
      return input;
    }
  }
}

function multiControl(f: FormField, values: FormValues, disabled: boolean): HTMLElement {
  const initial = values[f.name];
  const picked = new Set(Array.isArray(initial) ? initial : []);
  return h(
    'span',
    { class: 'multi-choices' },
    ...f.choices.map((c) => {
      const box = h('input', { type: 'checkbox', value: c.value, checked: picked.has(c.value), disabled });
      box.addEventListener('change', () => {
        if (box.checked) picked.add(c.value);
        else picked.delete(c.value);
        values[f.name] = f.choices.map((x) => x.value).filter((v) => picked.has(v));
      });
      return h('span', { class: 'multi-choice' }, box, ` ${c.label}`);
    }),
  );
}
