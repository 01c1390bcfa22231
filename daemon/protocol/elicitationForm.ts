// Reading an elicitation's form (its `requestedSchema`, ACP `ElicitationSchema`) as a list of
// fields, and checking an answer against them. Shared by the daemon (which refuses a bad answer),
// the CLI (which turns `--field name=value` into typed values) and the chat card (which renders it).
import { z } from 'zod';
import type { ElicitationContent } from './elicitationEntities.js';

const optionalNumber = z.number().nullish();
const optionalText = z.string().nullish();

/** One property of the form; unknown keys are ignored, unknown types are kept as `other`. */
const PropertySchema = z.object({
  type: z.string().catch('other'),
  title: optionalText.catch(null),
  description: optionalText.catch(null),
  enum: z.array(z.string()).nullish().catch(null),
  oneOf: z.array(z.object({ const: z.string(), title: z.string().optional() })).nullish().catch(null),
  items: z
    .object({ enum: z.array(z.string()).optional(), anyOf: z.array(z.object({ const: z.string() })).optional() })
    .nullish()
    .catch(null),
  minLength: optionalNumber.catch(null),
  maxLength: optionalNumber.catch(null),
  minimum: optionalNumber.catch(null),
  maximum: optionalNumber.catch(null),
  minItems: optionalNumber.catch(null),
  maxItems: optionalNumber.catch(null),
  default: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).nullish().catch(null),
});

const FormSchema = z.object({
  properties: z.record(z.string(), z.unknown()).catch({}),
  required: z.array(z.string()).nullish().catch(null),
});

export type FormFieldType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'other';

export interface FormField {
  name: string;
  type: FormFieldType;
  title: string | null;
  description: string | null;
  required: boolean;
  /** Allowed values of a single-select (string) or multi-select (array) field; null: any. */
  choices: string[] | null;
  /** String length or number bounds, or (for an array) how many items. */
  min: number | null;
  max: number | null;
  default: string | number | boolean | string[] | null;
}

const FIELD_TYPES: readonly FormFieldType[] = ['string', 'number', 'integer', 'boolean', 'array'];

/** The form's fields, in the order the agent declared them. */
export function formFields(requestedSchema: Record<string, unknown>): FormField[] {
  const form = FormSchema.parse(requestedSchema);
  const required = new Set(form.required ?? []);
  return Object.entries(form.properties).map(([name, raw]) => {
    const p = PropertySchema.safeParse(raw ?? {});
    const prop = p.success ? p.data : PropertySchema.parse({});
    const type = (FIELD_TYPES as readonly string[]).includes(prop.type) ? (prop.type as FormFieldType) : 'other';
    const choices = type === 'array' ? (prop.items?.enum ?? prop.items?.anyOf?.map((o) => o.const) ?? null) : (prop.enum ?? prop.oneOf?.map((o) => o.const) ?? null);
    const [min, max] =
      type === 'string' ? [prop.minLength, prop.maxLength] : type === 'array' ? [prop.minItems, prop.maxItems] : [prop.minimum, prop.maximum];
    return { name, type, title: prop.title ?? null, description: prop.description ?? null, required: required.has(name), choices, min: min ?? null, max: max ?? null, default: prop.default ?? null };
  });
}

/** What is wrong with one field of an answer. */
export interface FormProblem {
  field: string;
  message: string;
}

/** The first problem of `content` against the form (unknown field, missing required one, wrong type or value), or null. */
export function checkFormContent(fields: FormField[], content: ElicitationContent): FormProblem | null {
  for (const name of Object.keys(content)) {
    if (!fields.some((f) => f.name === name)) return { field: name, message: `the form has no field "${name}"` };
  }
  for (const f of fields) {
    const value = content[f.name];
    if (value === undefined) {
      if (f.required) return { field: f.name, message: `"${f.name}" is required` };
      continue;
    }
    const problem = valueProblem(f, value);
    if (problem) return { field: f.name, message: `"${f.name}" ${problem}` };
  }
  return null;
}

function valueProblem(f: FormField, value: ElicitationContent[string]): string | null {
  switch (f.type) {
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      if (f.choices && !f.choices.includes(value)) return `must be one of: ${f.choices.join(', ')}`;
      return boundsProblem(value.length, f, 'characters');
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (f.type === 'integer' && !Number.isInteger(value)) return 'must be a whole number';
      return boundsProblem(value, f, null);
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'array':
      if (!Array.isArray(value)) return 'must be a list of strings';
      if (f.choices) {
        const stray = value.find((v) => !f.choices?.includes(v));
        if (stray !== undefined) return `has "${stray}", not one of: ${f.choices.join(', ')}`;
      }
      return boundsProblem(value.length, f, 'items');
    default:
      return null; // a type this version does not know: the agent checks it
  }
}

function boundsProblem(n: number, f: FormField, unit: string | null): string | null {
  const what = unit ? ` ${unit}` : '';
  if (f.min !== null && n < f.min) return `must be at least ${f.min}${what}`;
  if (f.max !== null && n > f.max) return `must be at most ${f.max}${what}`;
  return null;
}

/**
 * A typed value from text typed by a person (`--field count=3`): numbers and booleans parsed,
 * a multi-select split on commas. Answers null when the text cannot be that type.
 */
export function parseFieldValue(f: FormField, text: string): ElicitationContent[string] | null {
  switch (f.type) {
    case 'number':
    case 'integer': {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? n : null;
    }
    case 'boolean':
      return text === 'true' || text === 'yes' ? true : text === 'false' || text === 'no' ? false : null;
    case 'array':
      return text === '' ? [] : text.split(',').map((s) => s.trim());
    default:
      return text;
  }
}
