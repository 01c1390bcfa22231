// At each turn end: the transcript, the latest plan and the worktree's diff against its base,
// written as files and recorded as artifacts.
import fs from 'node:fs';
import path from 'node:path';
import type { Artifact, PlanEntry, Session } from '../protocol/entities.js';
import type { Store } from '../storage/store.js';
import type { WorktreeManager } from '../worktrees/worktreeManager.js';
import type { EventBus } from './eventBus.js';
import { newId, nowIso } from './ids.js';
import { planMarkdown, transcriptMarkdown } from './transcript.js';

export class ArtifactWriter {
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly worktrees: WorktreeManager,
    private readonly dir: string,
  ) {}

  dirOf(sessionId: string): string {
    return path.join(this.dir, sessionId);
  }

  async writeTurnArtifacts(session: Session, turnIndex: number): Promise<void> {
    const dir = this.dirOf(session.id);
    await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
    // Consumed synchronously below, so the SQLite cursor is closed before any other statement runs.
    const events = this.store.events.iterate({ since: 0, sessionId: session.id });
    await this.record(session, turnIndex, 'transcript', 'transcript.md', transcriptMarkdown(session.title, events));
    const plan = this.latestPlan(session.id);
    if (plan) await this.record(session, turnIndex, 'plan', 'plan.md', planMarkdown(plan));
    if (session.worktreePath && session.baseCommit) {
      const diff = await this.worktrees.diffAgainstBase(session.worktreePath, session.baseCommit);
      await this.record(session, turnIndex, 'diff', 'diff.patch', diff);
    }
  }

  async removeAll(sessionId: string): Promise<void> {
    this.store.artifacts.deleteBySession(sessionId);
    await fs.promises.rm(this.dirOf(sessionId), { recursive: true, force: true });
  }

  private latestPlan(sessionId: string): PlanEntry[] | null {
    let latest: PlanEntry[] | null = null;
    for (const e of this.store.events.iterate({ since: 0, sessionId })) if (e.type === 'plan') latest = e.payload.entries;
    return latest;
  }

  private async record(session: Session, turnIndex: number, kind: Artifact['kind'], name: string, text: string): Promise<void> {
    const file = path.join(this.dirOf(session.id), `turn-${turnIndex + 1}-${name}`);
    await fs.promises.writeFile(file, text, { mode: 0o600 });
    const artifact: Artifact = {
      id: newId(),
      sessionId: session.id,
      projectId: session.projectId,
      kind,
      path: file,
      size: Buffer.byteLength(text),
      turnIndex,
      createdAt: nowIso(),
    };
    this.store.artifacts.insert(artifact);
    this.bus.emit('artifact.created', { sessionId: session.id, projectId: session.projectId }, { artifact });
  }
}
