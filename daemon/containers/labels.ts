// Labels are how the daemon finds what it made, across restarts and without a table of its own:
// every container carries them, and reconciliation and listing filter on them. Pure helpers.
import type { ContainerKind, Pod } from '../protocol/containerEntities.js';

export const LABEL = {
  session: 'switchboard.session',
  project: 'switchboard.project',
  user: 'switchboard.user',
  kind: 'switchboard.kind',
  /** Which state dir's daemon made it: two daemons (two homes) on one engine never touch each other's. */
  home: 'switchboard.home',
  /** A digest of the computer container's mounts: a new project means a new mount set. */
  mounts: 'switchboard.mounts',
} as const;

export interface LabelSet {
  kind: ContainerKind;
  user: string;
  home: string;
  sessionId?: string | null;
  projectId?: string | null;
  mounts?: string;
}

export function labelsFor(l: LabelSet): Record<string, string> {
  return {
    [LABEL.kind]: l.kind,
    [LABEL.user]: l.user,
    [LABEL.home]: l.home,
    ...(l.sessionId ? { [LABEL.session]: l.sessionId } : {}),
    ...(l.projectId ? { [LABEL.project]: l.projectId } : {}),
    ...(l.mounts ? { [LABEL.mounts]: l.mounts } : {}),
  };
}

/** `label=` filters for listContainers: everything of this home, optionally narrowed. */
export function labelFilter(home: string, narrow: Partial<Record<'kind' | 'user' | 'session', string>> = {}): string[] {
  const out = [`${LABEL.home}=${home}`];
  if (narrow.kind) out.push(`${LABEL.kind}=${narrow.kind}`);
  if (narrow.user) out.push(`${LABEL.user}=${narrow.user}`);
  if (narrow.session) out.push(`${LABEL.session}=${narrow.session}`);
  return out;
}

/** Container names: readable in `docker ps`, unique per home (the home digest), stable per user. */
export function computerName(homeDigest: string, user: string): string {
  return `switchboard-${homeDigest}-computer-${user}`;
}

export function agentName(homeDigest: string, shortId: string): string {
  return `switchboard-${homeDigest}-agent-${shortId}`;
}

/** The subset of dockerode's ContainerInfo that a Pod is made from. */
export interface ListedContainer {
  Id: string;
  Names: string[];
  Image: string;
  State: string;
  Status: string;
  Created: number;
  Labels: Record<string, string>;
  HostConfig?: { NetworkMode?: string };
}

export function podOf(c: ListedContainer, ready: boolean | null): Pod {
  const kind = c.Labels[LABEL.kind] === 'computer' ? 'computer' : 'agent';
  return {
    id: c.Id,
    name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
    kind,
    user: c.Labels[LABEL.user] ?? '',
    projectId: c.Labels[LABEL.project] ?? null,
    sessionId: c.Labels[LABEL.session] ?? null,
    image: c.Image,
    state: c.State,
    status: c.Status,
    network: c.HostConfig?.NetworkMode ?? 'none',
    createdAt: new Date(c.Created * 1000).toISOString(),
    ready: kind === 'computer' ? ready : null,
  };
}
