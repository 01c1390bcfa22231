// Identifiers: random UUIDs, with an 8-character prefix people can type.
import { randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}

export function shortIdOf(id: string): string {
  return id.replace(/-/g, '').slice(0, 8);
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** A short title for lists: the prompt's first line, cut at a word near 60 characters. */
export function titleFromPrompt(prompt: string): string {
  const first = prompt.trim().split('\n')[0] ?? '';
  if (first.length <= 60) return first;
  const cut = first.slice(0, 60);
  const space = cut.lastIndexOf(' ');
  return `${space > 30 ? cut.slice(0, space) : cut}…`;
}
