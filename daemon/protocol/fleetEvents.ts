// Event payloads of worktrees made ready for a fleet of sessions (issue 11): files brought in,
// and later setup, ports and admission. Spread into EVENT_PAYLOADS; docs/events.md describes each.
import { z } from 'zod';

const countFields = { files: z.number().int(), bytes: z.number().int() };

export const FLEET_EVENT_PAYLOADS = {
  /** A new worktree got the git-ignored files `.worktreeinclude` and the config's `include` select. */
  'worktree.prepared': z.object({
    ...countFields,
    byMode: z.object({
      copy: z.object(countFields),
      /** `fellBack`: the filesystem could not clone, so (some) files were copied instead. */
      reflink: z.object({ ...countFields, fellBack: z.boolean() }),
      hardlink: z.object(countFields),
    }),
    /** How many include rules applied (`.worktreeinclude` lines plus the config's `include`). */
    rules: z.number().int(),
    /** `.switchboard/config.json` could not be used (file, line, key); its rules were left out. */
    configError: z.string().nullable(),
  }),
} as const;
