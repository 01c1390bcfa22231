// Reading an agent's `session/list` answer: its earlier sessions, each kept only when well formed
// (an agent's malformed entry is dropped, not allowed to fail the whole listing).
import { z } from 'zod';
import { AgentSessionInfoSchema, type AgentSessionInfo } from '../protocol/agentFeatureRoutes.js';
import { AgentRequestError } from './errors.js';

const WireSessionSchema = z.object({
  sessionId: z.string().min(1),
  cwd: z.string(),
  title: z.string().nullish(),
  updatedAt: z.string().nullish(),
});

const PageSchema = z.object({
  sessions: z.array(z.unknown()),
  nextCursor: z.string().min(1).nullish(),
});

export interface AgentSessionListing {
  sessions: AgentSessionInfo[];
  /** False when the agent had more pages than we asked for. */
  complete: boolean;
}

export function readSessionPage(res: unknown): { sessions: AgentSessionInfo[]; nextCursor: string | null } {
  const page = PageSchema.safeParse(res);
  if (!page.success) throw new AgentRequestError('protocol', 'session/list', 'session/list answered without a sessions list');
  const sessions: AgentSessionInfo[] = [];
  for (const raw of page.data.sessions) {
    const s = WireSessionSchema.safeParse(raw);
    if (s.success) sessions.push(AgentSessionInfoSchema.parse({ sessionId: s.data.sessionId, cwd: s.data.cwd, title: s.data.title ?? null, updatedAt: s.data.updatedAt ?? null }));
  }
  return { sessions, nextCursor: page.data.nextCursor ?? null };
}
