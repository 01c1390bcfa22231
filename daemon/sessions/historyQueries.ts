// Reads of what the daemon has recorded, for the routes that page through it: the event log (by
// session or project, from a seq), the artifacts, and the counts health reports. The HTTP layer
// asks here rather than opening the store itself.
import type { Artifact } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import type { RouteQuery, RouteResponse } from '../protocol/routes.js';
import type { Store } from '../storage/store.js';
import type { EventBus } from './eventBus.js';

export class HistoryQueries {
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
  ) {}

  /** How many sessions are in each state. */
  sessionCounts(): Record<string, number> {
    return this.store.sessions.countByState();
  }

  /** The seq of the newest stored event (0 for none). */
  lastSeq(): number {
    return this.store.events.lastSeq();
  }

  /** One page of stored events after `since`; `hasMore` says whether another page follows. */
  events(query: RouteQuery<'listEvents'>): RouteResponse<'listEvents'> {
    const filter = this.filterOf(query);
    const rows = this.store.events.list({ since: query.since, ...filter, ...(query.type ? { types: query.type } : {}), limit: query.limit + 1 });
    const hasMore = rows.length > query.limit;
    const events = hasMore ? rows.slice(0, query.limit) : rows;
    return { events, lastSeq: events[events.length - 1]?.seq ?? query.since, hasMore };
  }

  artifacts(query: RouteQuery<'listArtifacts'>): Artifact[] {
    return this.store.artifacts.list(this.filterOf(query));
  }

  /** A session (id or short id) and/or a project (id or slug) as ids; not_found naming the one that is unknown. */
  private filterOf(query: { session?: string | undefined; project?: string | undefined }): { sessionId?: string; projectId?: string } {
    const filter = this.bus.resolveFilter({
      ...(query.session !== undefined ? { session: query.session } : {}),
      ...(query.project !== undefined ? { project: query.project } : {}),
    });
    if (!filter) throw new SwitchboardError('not_found', 'no such session or project', query.session !== undefined ? 'session' : 'project');
    return filter;
  }
}
