// The chat card's view of an elicitation form: the fields as the shared reader sees them
// (daemon/protocol/elicitationForm.ts, which the daemon checks answers with and the CLI parses
// `--field` with), plus what a card needs on top — which control each field gets and the labels of
// its choices — and the check of what was typed, field by field, before anything is sent. The
// words of a problem are the shared checker's, so the card, the CLI and the daemon's 400 agree.
import type { ElicitationContent } from '../../daemon/protocol/elicitationEntities.js';
import { checkFormContent, formFields, parseFieldValue, type FormField as SchemaField } from '../../daemon/protocol/elicitationForm.js';

export interface FieldChoice {
  value: string;
  label: string;
}

export type FieldKind = 'text' | 'number' | 'boolean' | 'select' | 'multi';

export interface FormField {
  name: string;
  label: string;
  description: string | null;
  required: boolean;
  kind: FieldKind;
  /** The choices of a select or multi-select, with the agent's labels where it gave them. */
  choices: FieldChoice[];
  schema: SchemaField;
}

/** What the form holds: text and numbers as typed, switches as booleans, multi-selects as lists. */
export type FormValues = Record<string, string | boolean | string[]>;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function buildForm(schema: Record<string, unknown>): FormField[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  return formFields(schema).map((f) => ({
    name: f.name,
    label: f.title ?? f.name,
    description: f.description,
    required: f.required,
    kind: kindOf(f),
    choices: (f.choices ?? []).map((value) => ({ value, label: choiceLabel(properties[f.name], value) })),
    schema: f,
  }));
}

function kindOf(f: SchemaField): FieldKind {
  if (f.type === 'array') return 'multi';
  if (f.choices) return 'select';
  if (f.type === 'boolean') return 'boolean';
  return f.type === 'number' || f.type === 'integer' ? 'number' : 'text';
}

/** A choice's label: from `enumNames`, or a titled `oneOf` entry; else the value itself. */
function choiceLabel(property: unknown, value: string): string {
  if (!isObject(property)) return value;
  const names = Array.isArray(property.enumNames) ? property.enumNames : [];
  const at = Array.isArray(property.enum) ? property.enum.indexOf(value) : -1;
  if (at >= 0 && typeof names[at] === 'string') return names[at];
  const titled = Array.isArray(property.oneOf) ? property.oneOf.find((o) => isObject(o) && o.const === value) : undefined;
  return isObject(titled) && typeof titled.title === 'string' ? titled.title : value;
}

export function initialValues(fields: readonly FormField[]): FormValues {
  return Object.fromEntries(fields.map((f) => [f.name, initialValue(f)]));
}

function initialValue(f: FormField): string | boolean | string[] {
  const d = f.schema.default;
  if (f.kind === 'boolean') return d === true;
  if (f.kind === 'multi') return Array.isArray(d) ? d : [];
  return d === null || Array.isArray(d) ? '' : String(d);
}

export type FormCheck = { ok: true; content: ElicitationContent } | { ok: false; errors: Record<string, string> };

/** The content to send, or each field's problem in words; empty optional fields are left out. */
export function checkForm(fields: readonly FormField[], values: FormValues): FormCheck {
  const content: ElicitationContent = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const value = typedValue(f, values[f.name] ?? initialValue(f));
    if (value === null) {
      errors[f.name] = `"${f.name}" must be a number`;
      continue;
    }
    const problem = checkFormContent([f.schema], value === undefined ? {} : { [f.name]: value });
    if (problem) errors[f.name] = problem.message;
    else if (value !== undefined) content[f.name] = value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, content };
}

/** What the field holds as the form's type; undefined when left empty, null when it is not that type. */
function typedValue(f: FormField, raw: string | boolean | string[]): ElicitationContent[string] | undefined | null {
  if (f.kind === 'boolean') return raw === true;
  if (f.kind === 'multi') return Array.isArray(raw) && raw.length > 0 ? raw : undefined;
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return undefined;
  return f.kind === 'number' ? parseFieldValue(f.schema, text) : text;
}

/** An answered form in a line: `Name: Ada · How many: 3`. */
export function describeContent(fields: readonly FormField[], content: ElicitationContent): string {
  return Object.entries(content)
    .map(([name, v]) => `${fields.find((f) => f.name === name)?.label ?? name}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join(' · ');
}
