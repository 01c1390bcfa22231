import path from 'node:path';

/**
 * Pure builders for the names a session gets: its branch and its worktree directory.
 * Inputs come from people (project slugs, agent template names), so they are reduced to a
 * conservative alphabet that is valid both as a git ref component and as a directory name on
 * every platform.
 */

/** Long enough for a UUID or a descriptive slug; short enough to keep paths well under OS limits. */
const MAX_COMPONENT_LENGTH = 64;

/**
 * One ref component / path segment: lower case (branches `Foo` and `foo` collide on
 * case-insensitive file systems), only `[a-z0-9._-]`, no `..`, no leading `.` or `-`, no
 * trailing `.` or `.lock`. An input with nothing usable left becomes `fallback`.
 */
export function sanitizeRefComponent(value: string, fallback = 'unnamed'): string {
  let result = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // drop the accents NFKD split off: café → cafe
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/-{2,}/g, '-')
    .slice(0, MAX_COMPONENT_LENGTH);
  // Trimming one kind of suffix can expose another (`a.lock.` → `a.lock` → `a`), so repeat.
  for (let previous = ''; previous !== result; ) {
    previous = result;
    result = result.replace(/^[.-]+/, '').replace(/[.-]+$/, '');
    if (result.endsWith('.lock')) result = result.slice(0, -'.lock'.length);
  }
  return result === '' ? sanitizeRefComponent(fallback, 'unnamed') : result;
}

/** `switchboard/{agent}/{project}/{shortId}`, each part sanitized. */
export function sessionBranchName(agent: string, projectSlug: string, shortId: string): string {
  return [
    'switchboard',
    sanitizeRefComponent(agent, 'agent'),
    sanitizeRefComponent(projectSlug, 'project'),
    sanitizeRefComponent(shortId, 'session'),
  ].join('/');
}

/** `{root}/worktrees/{project}/{session}`: never inside the user's checkout, one directory per session. */
export function worktreePathFor(root: string, projectSlug: string, sessionId: string): string {
  return path.join(root, 'worktrees', sanitizeRefComponent(projectSlug, 'project'), sanitizeRefComponent(sessionId, 'session'));
}

/**
 * The rules of `git check-ref-format --branch` for a name under `refs/heads/`, checked without
 * running git so bad input is refused before anything is created.
 */
export function isValidBranchName(name: string): boolean {
  if (name === '' || name === '@' || name.startsWith('-')) return false;
  if (name.includes('..') || name.includes('@{') || name.endsWith('.')) return false;
  // Control characters, DEL, space and the characters git gives meaning to in revisions and globs.
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(name)) return false;
  return name.split('/').every((component) => component !== '' && !component.startsWith('.') && !component.endsWith('.lock'));
}
