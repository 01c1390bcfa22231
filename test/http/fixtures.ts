// Records that satisfy the protocol's response schemas, for handlers in tests.
import type { Session } from '../../daemon/protocol/entities.js';
import type { Health } from '../../daemon/protocol/routes.js';

export function sampleHealth(): Health {
  return { status: 'ok', version: '0.0.0-test', pid: process.pid, uptimeMs: 1, sessions: {}, lastSeq: 0 };
}

export function sampleSession(overrides: Partial<Session> = {}): Session {
  const now = new Date().toISOString();
  return {
    id: 'ses_0123456789',
    shortId: 'ses_0123',
    projectId: 'prj_1',
    agent: 'demo',
    action: 'analyze',
    title: 'a session',
    prompt: 'look around',
    model: null,
    scopePath: null,
    state: 'created',
    stateReason: null,
    stateDetail: null,
    permissionPolicy: 'ask',
    readOnly: true,
    cwd: 'repo',
    worktreePath: null,
    branch: null,
    baseRef: 'main',
    baseCommit: null,
    acpSessionId: null,
    runtimeHandle: null,
    agentCapabilities: null,
    authMethods: [],
    exitCode: null,
    createdAt: now,
    updatedAt: now,
    endedAt: null,
    ...overrides,
  };
}
