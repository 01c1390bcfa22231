// Event payloads of the containers feature: spread into EVENT_PAYLOADS. docs/events.md says what
// each means; docs/containers.md how the pieces fit.
import { z } from 'zod';
import { CONTAINER_KINDS, IMAGE_KINDS } from './containerEntities.js';

const kind = z.enum(CONTAINER_KINDS);
const imageKind = z.enum(IMAGE_KINDS);

export const CONTAINER_EVENT_PAYLOADS = {
  /** A container the daemon made (an agent's own, or a user's computer). */
  'container.created': z.object({
    containerId: z.string(),
    name: z.string(),
    kind,
    image: z.string(),
    user: z.string(),
    network: z.string(),
  }),
  'container.removed': z.object({
    containerId: z.string(),
    kind,
    /** `agent_ended`, `orphan`, `interrupted`, `exited`, `removed_by_request`, `recreated`… */
    reason: z.string(),
  }),
  /** Start-up reconciliation by label: what was kept for re-attaching and what was removed. */
  'containers.reconciled': z.object({
    adopted: z.array(z.object({ containerId: z.string(), kind, sessionId: z.string().nullable(), user: z.string() })),
    removed: z.array(z.object({ containerId: z.string(), kind, sessionId: z.string().nullable(), reason: z.string() })),
    /** Agents left running inside computer containers by the previous daemon, now ended. */
    endedAgents: z.number().int().nonnegative(),
  }),
  /** A running container's agent was attached again after a daemon restart (same container). */
  'container.reattached': z.object({ containerId: z.string() }),
  /** The user's computer container answers the VNC handshake. */
  'computer.ready': z.object({ user: z.string(), containerId: z.string(), readyMs: z.number().int().nonnegative() }),
  /** This session's agent runs in the user's computer container (written once, when it is made). */
  'computer.session_bound': z.object({ user: z.string() }),
  'image.build_started': z.object({ buildId: z.string(), images: z.array(imageKind), baseSource: z.enum(['host', 'registry']) }),
  /** Build output, batched (a few lines at a time). `stage` is `base` (mmdebstrap + import) or `image`. */
  'image.build_progress': z.object({ buildId: z.string(), image: imageKind, stage: z.enum(['base', 'image']), lines: z.array(z.string()) }),
  'image.built': z.object({
    buildId: z.string(),
    image: imageKind,
    tag: z.string(),
    imageId: z.string(),
    /** Whether the base was (re)built on the host for this build, or an existing one was used. */
    baseBuilt: z.boolean(),
    seconds: z.number().nonnegative(),
  }),
  'image.build_failed': z.object({ buildId: z.string(), image: imageKind, message: z.string() }),
  'image.build_finished': z.object({ buildId: z.string(), ok: z.boolean(), seconds: z.number().nonnegative() }),
} as const;
