// Event payloads of managing projects (issue 12). Spread into EVENT_PAYLOADS; docs/events.md
// describes each.
import { z } from 'zod';
import { ProjectSchema } from './entities.js';

export const PROJECT_EVENT_PAYLOADS = {
  /**
   * The project's registration is gone, with its sessions, their worktrees (and branches when
   * asked) and its events; this event stays in the log as the one record that it was removed.
   */
  'project.removed': z.object({
    project: ProjectSchema,
    sessionsRemoved: z.number().int().nonnegative(),
    worktreesRemoved: z.array(z.string()),
    branchesDeleted: z.array(z.string()),
  }),
} as const;
