// The records of the containers feature that clients see: pods (containers the daemon made),
// images, and desktop access. Shared by containerRoutes.ts and containerEvents.ts.
import { z } from 'zod';
import { SessionSchema, TurnSchema } from './entities.js';

/** `agent`: one session's own container. `computer`: a user's desktop container, shared by their projects. */
export const CONTAINER_KINDS = ['agent', 'computer'] as const;
export type ContainerKind = (typeof CONTAINER_KINDS)[number];

export const IMAGE_KINDS = ['agent', 'computer'] as const;
export type ImageKind = (typeof IMAGE_KINDS)[number];

/**
 * A user name as labels and container names carry it. `me` in a path means the daemon's own user
 * (the account it runs as), which is also the default wherever `user` is optional.
 */
export const UserNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lowercase letters, digits, dots, dashes and underscores');

export const PodSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(CONTAINER_KINDS),
  user: z.string(),
  projectId: z.string().nullable(),
  sessionId: z.string().nullable(),
  image: z.string(),
  /** Docker's state: created, running, paused, restarting, exited, dead. */
  state: z.string(),
  /** Docker's human status line ("Up 3 minutes"). */
  status: z.string(),
  network: z.string(),
  createdAt: z.string(),
  /** Computer containers: the VNC server answers its handshake. Agent containers: null. */
  ready: z.boolean().nullable(),
});
export type Pod = z.infer<typeof PodSchema>;

export const ImageInfoSchema = z.object({
  kind: z.enum(IMAGE_KINDS),
  tag: z.string(),
  present: z.boolean(),
  imageId: z.string().nullable(),
  createdAt: z.string().nullable(),
  sizeBytes: z.number().int().nullable(),
  baseTag: z.string(),
  basePresent: z.boolean(),
});
export type ImageInfo = z.infer<typeof ImageInfoSchema>;

/**
 * How a client reaches a user's desktop. `pageUrl` is a complete noVNC page (for a browser or an
 * iframe); `websocketUrl` is the raw VNC-over-WebSocket endpoint (subprotocol `binary`) for a client
 * that runs noVNC itself. Both carry the same short-lived ticket, so hand them over right away;
 * ask this route again for a fresh one (a reconnect after `expiresAt` needs one). Open connections
 * outlive their ticket.
 */
export const DesktopAccessSchema = z.object({
  user: z.string(),
  projectId: z.string().nullable(),
  pod: PodSchema,
  ticket: z.string(),
  expiresAt: z.string(),
  pageUrl: z.string(),
  websocketUrl: z.string(),
  /** `…/proxy/{port}/?ticket=…`: open it with a port to reach a server inside the container. */
  proxyUrlTemplate: z.string(),
});
export type DesktopAccess = z.infer<typeof DesktopAccessSchema>;

export const ComputerAgentSchema = z.object({
  session: SessionSchema,
  /** The daemon has a live agent process for it in the container. */
  agentRunning: z.boolean(),
  turnRunning: z.boolean(),
});
export type ComputerAgent = z.infer<typeof ComputerAgentSchema>;

export const ComputerChatResultSchema = z.object({
  session: SessionSchema,
  turn: TurnSchema,
  /** A new session was made (else the prompt was queued on the existing one). */
  created: z.boolean(),
  pod: PodSchema,
});
export type ComputerChatResult = z.infer<typeof ComputerChatResultSchema>;
