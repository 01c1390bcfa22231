// Examples the OpenAPI document shows for the records people meet first. Each one is typed by its
// schema's input (the compiler refuses a field the schema does not have or a missing required one)
// and test/http/openApi.test.ts parses each with its schema, so an example cannot drift from the
// contract. Everything else in the document gets no example: Swagger UI fills one in from the
// schema itself, which is honest too.
import type { z } from 'zod';
import { ProjectSchema, SessionSchema, TurnSchema } from './entities.js';
import { AddProjectBodySchema, CreateSessionBodySchema, HealthSchema } from './routes.js';

export interface SchemaExample {
  schema: z.ZodType;
  value: unknown;
}

/** Pairs a schema with an example the compiler checks against it. */
function example<S extends z.ZodType>(schema: S, value: z.input<S>): SchemaExample {
  return { schema, value };
}

const PROJECT_ID = '4f0c2a9e-8d1b-4c3e-9a57-2b6d1e0f7c31';
const SESSION_ID = '9b2e7c41-5a3d-4f08-b6e2-7d1c0a9f3e58';
const AT = '2026-04-02T09:15:00.000Z';

export const OPENAPI_EXAMPLES: readonly SchemaExample[] = [
  example(HealthSchema, {
    status: 'ok',
    version: '0.1.0',
    pid: 41237,
    uptimeMs: 3_600_000,
    sessions: { running: 1, completed: 4 },
    lastSeq: 1289,
    admission: { running: 1, queued: 0, maxAgents: 4 },
    disk: { totalBytes: 52_428_800, sessions: 5, measuredAt: AT },
  }),
  example(AddProjectBodySchema, { path: '/home/ada/src/shop', slug: 'shop' }),
  example(ProjectSchema, {
    id: PROJECT_ID,
    slug: 'shop',
    name: 'shop',
    repoPath: '/home/ada/src/shop',
    defaultBranch: 'main',
    createdAt: AT,
    updatedAt: AT,
  }),
  example(CreateSessionBodySchema, {
    project: 'shop',
    agent: 'claude',
    action: 'implement',
    prompt: 'Add a "remember me" checkbox to the login form',
    permissionPolicy: 'ask',
  }),
  example(SessionSchema, {
    id: SESSION_ID,
    shortId: '9b2e7c41',
    projectId: PROJECT_ID,
    agent: 'claude',
    action: 'implement',
    title: 'Add a "remember me" checkbox to the login form',
    prompt: 'Add a "remember me" checkbox to the login form',
    model: null,
    scopePath: null,
    state: 'running',
    stateReason: null,
    stateDetail: null,
    permissionPolicy: 'ask',
    readOnly: false,
    cwd: `/home/ada/.switchboard/worktrees/shop/${SESSION_ID}`,
    worktreePath: `/home/ada/.switchboard/worktrees/shop/${SESSION_ID}`,
    branch: 'switchboard/claude/shop/9b2e7c41',
    baseRef: 'main',
    baseCommit: '3f9a1c0d7b2e4a6f8c1d3e5f7a9b0c2d4e6f8a1b',
    acpSessionId: 'c2a1f0e4-7b3d-4e9a-8f1c-5d2b6a0e9c47',
    runtimeHandle: '41310',
    agentCapabilities: { loadSession: true },
    authMethods: [],
    exitCode: null,
    createdAt: AT,
    updatedAt: AT,
    endedAt: null,
    isolation: { kind: 'bwrap', detail: 'bubblewrap: only the worktree, the agent home and /tmp are writable' },
  }),
  example(TurnSchema, {
    id: 'e7d3b1a0-4c2f-4e8b-9a6d-1f0c3b5e7a92',
    sessionId: SESSION_ID,
    index: 0,
    prompt: 'Add a "remember me" checkbox to the login form',
    state: 'running',
    stopReason: null,
    error: null,
    createdAt: AT,
    startedAt: AT,
    endedAt: null,
  }),
];
