// How a pod reads in the Containers section: label, description, tooltip, icon and the context
// value the manifest's menus match. Pure (no `vscode`), so unit tests check the wording and,
// above all, that a menu entry is offered exactly when its action makes sense.
import type { Pod } from '../../daemon/protocol/containerEntities.js';
import type { Runtime } from '../../daemon/protocol/entities.js';

export interface PodIcon {
  /** A codicon id. */
  id: string;
  /** A theme color id. */
  color: string;
}

/** What a session is called in the tree, when the container belongs to one we know. */
export type SessionTitleOf = (sessionId: string) => string | undefined;

export function podLabel(p: Pod, titleOf?: SessionTitleOf): string {
  if (p.kind === 'computer') return `Computer · ${p.user}`;
  const title = p.sessionId ? titleOf?.(p.sessionId) : undefined;
  return `Agent · ${title ?? (p.sessionId ? p.sessionId.slice(0, 8) : p.name)}`;
}

export function podDescription(p: Pod): string {
  const parts = [p.state];
  if (p.kind === 'computer' && p.state === 'running') parts.push(p.ready ? 'desktop ready' : 'desktop starting');
  parts.push(networkLabel(p.network));
  return parts.join(' · ');
}

export function podTooltip(p: Pod): string {
  return [
    p.name,
    `image ${p.image}`,
    `state ${p.state}${p.status ? ` (${p.status})` : ''}`,
    `network ${networkLabel(p.network)}`,
    p.sessionId ? `session ${p.sessionId}` : null,
    `user ${p.user}`,
    `id ${p.id.slice(0, 12)}`,
  ]
    .filter((l): l is string => l !== null)
    .join('\n');
}

export function podIcon(p: Pod): PodIcon {
  const id = p.kind === 'computer' ? 'vm' : 'package';
  if (p.state !== 'running') return { id, color: 'disabledForeground' };
  if (p.kind === 'computer' && !p.ready) return { id, color: 'charts.yellow' };
  return { id, color: 'charts.green' };
}

/**
 * `container.<kind>` plus the actions that make sense, each as `:action` (the manifest's menus
 * match them with regexes, as for sessions): `desktop` (a running computer), `stop` (agents may
 * run in it), `remove` (computers; an agent container goes when its agent stops).
 */
export function podContextValue(p: Pod): string {
  const actions: string[] = [];
  if (p.kind === 'computer') {
    if (p.state === 'running') actions.push('desktop', 'stop');
    actions.push('remove');
  } else if (p.sessionId) {
    actions.push('stop');
  }
  return [`container.${p.kind}`, ...actions].join(':');
}

function networkLabel(network: string): string {
  return network === 'none' || network === '' ? 'no network' : `network ${network}`;
}

/** A template's runtime as the Start Session picker shows it: `local` or `docker · <image>`. */
export function runtimeLabel(runtime: Partial<Runtime> | undefined): string {
  if (runtime?.provider !== 'docker') return 'local process';
  const extras = [runtime.network && runtime.network !== 'none' ? `network ${runtime.network}` : null, runtime.cpus ? `${runtime.cpus} CPU` : null, runtime.memoryMb ? `${runtime.memoryMb} MB` : null].filter(Boolean);
  return ['docker', runtime.image ?? 'default image', ...extras].join(' · ');
}
