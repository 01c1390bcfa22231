// Records shaped like the daemon's answers, and an in-memory Io, for the CLI's in-process tests.
import type { PermissionRequest, Project, Session, Turn } from '../../daemon/protocol/entities.js';
import type { StreamEvent } from '../../daemon/protocol/eventStream.js';
import type { Io } from '../../cli/io.js';

const T0 = '2025-01-01T10:00:00.000Z';

export function makeProject(over: Partial<Project> = {}): Project {
  return {
    id: 'prj_1',
    slug: 'demo-repo',
    name: 'Demo repo',
    repoPath: '/repos/demo',
    defaultBranch: 'main',
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export function makeSession(over: Partial<Session> = {}): Session {
  return {
    id: 'ses_1',
    shortId: 'ses1',
    projectId: 'prj_1',
    agent: 'demo',
    action: 'implement',
    title: 'demo',
    prompt: 'demo',
    model: null,
    scopePath: null,
    state: 'running',
    stateReason: null,
    stateDetail: null,
    permissionPolicy: 'ask',
    readOnly: false,
    cwd: '/home/x/.switchboard/worktrees/demo-repo/ses_1',
    worktreePath: '/home/x/.switchboard/worktrees/demo-repo/ses_1',
    branch: 'switchboard/demo/demo-repo/ses1',
    baseRef: 'main',
    baseCommit: '0123456789abcdef0123456789abcdef01234567',
    acpSessionId: null,
    runtimeHandle: null,
    agentCapabilities: null,
    authMethods: [],
    exitCode: null,
    createdAt: T0,
    updatedAt: T0,
    endedAt: null,
    ...over,
  };
}

export function makeTurn(over: Partial<Turn> = {}): Turn {
  return {
    id: 'turn_0',
    sessionId: 'ses_1',
    index: 0,
    prompt: 'demo',
    state: 'running',
    stopReason: null,
    error: null,
    createdAt: T0,
    startedAt: T0,
    endedAt: null,
    ...over,
  };
}

export function makePermission(over: Partial<PermissionRequest> = {}): PermissionRequest {
  return {
    id: 'perm_1',
    sessionId: 'ses_1',
    turnId: 'turn_0',
    toolCall: { toolCallId: 'call_1', title: 'Write hello.txt', kind: 'edit' },
    options: [
      { optionId: 'always', name: 'Always allow', kind: 'allow_always' },
      { optionId: 'once', name: 'Allow once', kind: 'allow_once' },
      { optionId: 'no', name: 'Reject', kind: 'reject_once' },
    ],
    state: 'pending',
    chosenOptionId: null,
    answeredBy: null,
    createdAt: T0,
    answeredAt: null,
    ...over,
  };
}

export function makeEvent(seq: number, type: string, payload: unknown, sessionId: string | null = 'ses_1'): StreamEvent {
  return { seq, type, payload, sessionId, projectId: 'prj_1', time: T0 };
}

export interface CapturedIo extends Io {
  out(): string;
  err(): string;
}

export function captureIo(opts: { env?: Record<string, string>; interactive?: boolean; answer?: boolean; cwd?: string } = {}): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
    interactive: opts.interactive ?? false,
    confirm: () => Promise.resolve(opts.answer ?? false),
    out: () => out,
    err: () => err,
  };
}
