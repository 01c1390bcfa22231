// Routes of the containers feature (images, the computer agent, desktop access): spread into ROUTES.
// The noVNC page, its WebSocket and the `/proxy/{port}/…` port proxy are not JSON routes; they are
// served by the daemon's raw-route hook and reached through the URLs `computerDesktop` hands out.
import { z } from 'zod';
import {
  ComputerAgentSchema,
  ComputerChatResultSchema,
  DesktopAccessSchema,
  IMAGE_KINDS,
  ImageInfoSchema,
  PodSchema,
  UserNameSchema,
  CONTAINER_KINDS,
} from './containerEntities.js';
import { PermissionPolicySchema, SessionSchema } from './entities.js';
import { nonEmpty, route } from './routeDescriptor.js';

const API = '/api/v1';

/** Optional everywhere: the daemon's own user when absent. */
const userField = UserNameSchema.optional();

export const BuildImagesBodySchema = z
  .object({
    /** Default: both, agent first. */
    images: z.array(z.enum(IMAGE_KINDS)).min(1).optional(),
    /** Build the offline base again even when its tag exists. */
    rebuildBase: z.boolean().optional(),
  })
  .strict();

export const ComputerChatBodySchema = z
  .object({
    user: userField,
    project: nonEmpty,
    prompt: nonEmpty.max(200_000),
    /** The agent template to run in the computer container (default `demo-docker`). */
    agent: nonEmpty.optional(),
    /** Start a new session even when this user and project have one to continue. */
    newSession: z.boolean().optional(),
    permissionPolicy: PermissionPolicySchema.optional(),
  })
  .strict();
export type ComputerChatBody = z.infer<typeof ComputerChatBodySchema>;

const userProjectBody = z.object({ user: userField, project: nonEmpty.optional() }).strict();

export const CONTAINER_ROUTES = {
  listImages: route({
    method: 'GET',
    path: `${API}/images`,
    response: z.object({ images: z.array(ImageInfoSchema), engine: z.object({ host: z.string(), version: z.string() }) }),
  }),
  buildImages: route({
    method: 'POST',
    path: `${API}/images/build`,
    body: BuildImagesBodySchema.optional(),
    response: z.object({
      buildId: z.string(),
      images: z.array(z.enum(IMAGE_KINDS)),
      /** The seq of `image.build_started`: follow the stream from `startSeq - 1` to see it all. */
      startSeq: z.number().int().positive(),
    }),
  }),

  computerChat: route({
    method: 'POST',
    path: `${API}/computer/chat`,
    body: ComputerChatBodySchema,
    response: ComputerChatResultSchema,
  }),
  computerDesktop: route({
    method: 'GET',
    path: `${API}/computer/desktop/:user/:project`,
    params: z.object({
      user: z.literal('me').or(UserNameSchema),
      /** A project slug or id, or `-` for none. */
      project: nonEmpty,
    }),
    query: z.object({ viewOnly: z.enum(['true', 'false', '1', '0']).optional() }).strict(),
    response: DesktopAccessSchema,
  }),
  computerPodCount: route({
    method: 'GET',
    path: `${API}/computer/pod/count`,
    response: z.object({
      total: z.number().int(),
      running: z.number().int(),
      byKind: z.record(z.enum(CONTAINER_KINDS), z.number().int()),
    }),
  }),
  computerPodList: route({
    method: 'GET',
    path: `${API}/computer/pod/list`,
    query: z
      .object({
        limit: z.coerce.number().int().min(1).max(200).default(50),
        /** `nextCursor` of the previous page. */
        cursor: z.string().optional(),
        kind: z.enum(CONTAINER_KINDS).optional(),
        user: UserNameSchema.optional(),
      })
      .strict(),
    response: z.object({ pods: z.array(PodSchema), nextCursor: z.string().nullable() }),
  }),
  computerPodEnsure: route({
    method: 'POST',
    path: `${API}/computer/pod/ensure`,
    body: userProjectBody.optional(),
    response: z.object({ pod: PodSchema, created: z.boolean() }),
  }),
  computerPodRemove: route({
    method: 'POST',
    path: `${API}/computer/pod/remove`,
    body: z.object({ user: userField }).strict().optional(),
    response: z.object({ removed: z.boolean(), stoppedSessions: z.array(z.string()) }),
  }),
  computerAgentStop: route({
    method: 'POST',
    path: `${API}/computer/agent/stop`,
    body: userProjectBody.optional(),
    response: z.object({ stopped: z.array(SessionSchema) }),
  }),
  computerAgentStatus: route({
    method: 'POST',
    path: `${API}/computer/agent/status`,
    body: userProjectBody.optional(),
    response: z.object({ user: z.string(), pod: PodSchema.nullable(), agents: z.array(ComputerAgentSchema) }),
  }),
  computerSessionCancel: route({
    method: 'POST',
    path: `${API}/computer/agent/session/cancel`,
    body: z.object({ user: userField, project: nonEmpty }).strict(),
    response: z.object({ session: SessionSchema }),
  }),
} as const;
