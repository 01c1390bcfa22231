// Event payloads of worktrees made ready for a fleet of sessions (issue 11): files brought in,
// and later setup, ports and admission. Spread into EVENT_PAYLOADS; docs/events.md describes each.
import { z } from 'zod';
import { AdmissionLimitsSchema, PortLeaseSchema, PruneReasonSchema, RetentionPolicySchema } from './fleetEntities.js';

const SetupPhaseSchema = z.enum(['setup', 'teardown']);

const countFields = { files: z.number().int(), bytes: z.number().int() };

export const FLEET_EVENT_PAYLOADS = {
  /** A new worktree got the git-ignored files `.worktreeinclude` and the config's `include` select. */
  'worktree.prepared': z.object({
    ...countFields,
    byMode: z.object({
      copy: z.object(countFields),
      /** `fellBack`: the filesystem could not clone, so (some) files were copied instead. */
      reflink: z.object({ ...countFields, fellBack: z.boolean() }),
      /** `fellBack`: the worktree is on another filesystem than the checkout, so (some) files were copied. */
      hardlink: z.object({ ...countFields, fellBack: z.boolean() }),
    }),
    /** How many include rules applied (`.worktreeinclude` lines plus the config's `include`). */
    rules: z.number().int(),
    /** `.switchboard/config.json` could not be used (file, line, key); its rules were left out. */
    configError: z.string().nullable(),
  }),
  /** One setup (or teardown) command starts in the worktree; `index` of `total`, bounded by `timeoutMs`. */
  'setup.started': z.object({
    phase: SetupPhaseSchema,
    index: z.number().int().nonnegative(),
    total: z.number().int().positive(),
    command: z.string(),
    timeoutMs: z.number().int().positive(),
  }),
  /** Output of the running setup or teardown command (batched lines, secrets redacted). */
  'setup.output': z.object({ phase: SetupPhaseSchema, stream: z.enum(['stdout', 'stderr']), text: z.string() }),
  /** The command ended; a non-zero exit, a signal or a timeout fails setup (teardown only warns). */
  'setup.ended': z.object({
    phase: SetupPhaseSchema,
    index: z.number().int().nonnegative(),
    total: z.number().int().positive(),
    command: z.string(),
    exitCode: z.number().int().nullable(),
    signal: z.string().nullable(),
    durationMs: z.number().int().nonnegative(),
    timedOut: z.boolean(),
    /** The last lines of its output (redacted), on failure. */
    tail: z.string().nullable(),
  }),
  /** The session leased a block of ports; `skipped`: ports of the range found taken by another process. */
  'ports.leased': z.object({ ports: z.array(PortLeaseSchema), skipped: z.array(z.number().int()) }),
  'ports.released': z.object({ ports: z.array(z.number().int()) }),
  /** Admission limits changed (API, CLI or the daemon's flags at start). */
  'admission.limits_changed': AdmissionLimitsSchema,
  /** Retention removed a session's worktree (its record, events and, unless asked, its branch stay). */
  'worktree.pruned': z.object({
    path: z.string(),
    branch: z.string().nullable(),
    reason: PruneReasonSchema,
    bytes: z.number().int().nonnegative(),
    branchDeleted: z.boolean(),
  }),
  'retention.policy_changed': RetentionPolicySchema,
} as const;
