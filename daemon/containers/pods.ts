// Listing and counting what the daemon made, by label (the engine is the source of truth: a
// container someone removed by hand is simply gone from the list).
import type { ContainerKind, Pod } from '../protocol/containerEntities.js';
import type { ComputerService } from './computerService.js';
import type { DockerEngine } from './dockerEngine.js';
import { LABEL, labelFilter, podOf, type ListedContainer } from './labels.js';

export interface PodPage {
  pods: Pod[];
  nextCursor: string | null;
}

export class Pods {
  constructor(
    private readonly engine: DockerEngine,
    private readonly home: string,
    private readonly computers: ComputerService,
  ) {}

  /** One page, ordered by container name; the cursor is the last name of the previous page. */
  async page(q: { limit: number; cursor?: string | undefined; kind?: ContainerKind | undefined; user?: string | undefined }): Promise<PodPage> {
    const all = (await this.listed({ kind: q.kind, user: q.user })).sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
    const after = q.cursor === undefined ? all : all.filter((c) => nameOf(c).localeCompare(q.cursor ?? '') > 0);
    const slice = after.slice(0, q.limit);
    const readyOf = async (c: ListedContainer) => c.Labels[LABEL.kind] === 'computer' && c.State === 'running' && (await this.computers.isReady(c.Labels[LABEL.user] ?? ''));
    const pods = await Promise.all(slice.map(async (c) => podOf(c, await readyOf(c))));
    const last = slice[slice.length - 1];
    return { pods, nextCursor: after.length > q.limit && last ? nameOf(last) : null };
  }

  async count(): Promise<{ total: number; running: number; byKind: Record<ContainerKind, number> }> {
    const all = await this.listed({});
    const byKind: Record<ContainerKind, number> = { agent: 0, computer: 0 };
    for (const c of all) byKind[c.Labels[LABEL.kind] === 'computer' ? 'computer' : 'agent']++;
    return { total: all.length, running: all.filter((c) => c.State === 'running').length, byKind };
  }

  private async listed(narrow: { kind?: ContainerKind | undefined; user?: string | undefined }): Promise<ListedContainer[]> {
    const filters = { label: labelFilter(this.home, { ...(narrow.kind ? { kind: narrow.kind } : {}), ...(narrow.user ? { user: narrow.user } : {}) }) };
    return (await this.engine.docker.listContainers({ all: true, filters }).catch((err: unknown) => {
      throw this.engine.fail(err, 'listing containers');
    })) as ListedContainer[];
  }
}

function nameOf(c: ListedContainer): string {
  return (c.Names[0] ?? c.Id).replace(/^\//, '');
}
