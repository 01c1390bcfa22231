// Real SQLite files in a fresh temp directory per test, and records that satisfy the protocol's types.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AgentTemplate, Artifact, PermissionRequest, Project, Session, Turn } from '../../daemon/protocol/entities.js';
import type { NewEvent } from '../../daemon/protocol/events.js';

export interface TempDir {
  readonly dir: string;
  file(name?: string): string;
  remove(): void;
}

export function tempDir(): TempDir {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-storage-'));
  return {
    dir,
    file: (name = 'switchboard.db') => path.join(dir, name),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

let counter = 0;
const unique = (prefix: string): string => `${prefix}-${++counter}`;
const at = (n: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();

export function aProject(over: Partial<Project> = {}): Project {
  const id = over.id ?? unique('proj');
  return {
    id,
    slug: id,
    name: `Project ${id}`,
    repoPath: path.join(os.tmpdir(), 'repos', id),
    defaultBranch: 'main',
    createdAt: at(0),
    updatedAt: at(0),
    ...over,
  };
}

export function aTemplate(over: Partial<AgentTemplate> = {}): AgentTemplate {
  const name = over.name ?? unique('agent');
  return {
    id: unique('tpl'),
    name,
    description: `the ${name} agent`,
    spawn: { command: name, args: ['--acp'], env: { MODE: 'test' } },
    runtime: { provider: 'local' },
    builtIn: false,
    createdAt: at(0),
    ...over,
  };
}

export function aSession(projectId: string, over: Partial<Session> = {}): Session {
  const id = over.id ?? unique('sess');
  return {
    id,
    shortId: id.slice(0, 12),
    projectId,
    agent: 'demo',
    action: 'implement',
    title: 'Add a feature',
    prompt: 'Please add the feature',
    model: null,
    scopePath: null,
    state: 'created',
    stateReason: null,
    stateDetail: null,
    permissionPolicy: 'ask',
    readOnly: false,
    cwd: path.join(os.tmpdir(), 'worktrees', id),
    worktreePath: null,
    branch: null,
    baseRef: 'main',
    baseCommit: null,
    acpSessionId: null,
    runtimeHandle: null,
    agentCapabilities: null,
    authMethods: [],
    exitCode: null,
    createdAt: at(1),
    updatedAt: at(1),
    endedAt: null,
    ...over,
  };
}

export function aTurn(sessionId: string, index: number, over: Partial<Turn> = {}): Turn {
  return {
    id: unique('turn'),
    sessionId,
    index,
    prompt: `prompt ${index}`,
    state: 'queued',
    stopReason: null,
    error: null,
    createdAt: at(2 + index),
    startedAt: null,
    endedAt: null,
    ...over,
  };
}

export function aPermissionRequest(sessionId: string, over: Partial<PermissionRequest> = {}): PermissionRequest {
  return {
    id: unique('perm'),
    sessionId,
    turnId: null,
    toolCall: { toolCallId: 'tc-1', title: 'Write src/app.ts', kind: 'edit', rawInput: { path: 'src/app.ts' } },
    options: [
      { optionId: 'allow', name: 'Allow', kind: 'allow_once' },
      { optionId: 'reject', name: 'Reject', kind: 'reject_once' },
    ],
    state: 'pending',
    chosenOptionId: null,
    answeredBy: null,
    createdAt: at(10),
    answeredAt: null,
    ...over,
  };
}

export function anArtifact(sessionId: string, projectId: string, over: Partial<Artifact> = {}): Artifact {
  return {
    id: unique('art'),
    sessionId,
    projectId,
    kind: 'transcript',
    path: path.join(os.tmpdir(), 'artifacts', sessionId, 'transcript.md'),
    size: 123,
    turnIndex: 0,
    createdAt: at(20),
    ...over,
  };
}

/** A small event of a type with a simple payload. */
export function aLogEvent(message: string, scope: { sessionId?: string | null; projectId?: string | null } = {}): NewEvent {
  return {
    type: 'log',
    sessionId: scope.sessionId ?? null,
    projectId: scope.projectId ?? null,
    payload: { level: 'info', message },
  };
}

export function aChunkEvent(text: string, sessionId: string, projectId: string): NewEvent {
  return { type: 'agent.message_chunk', sessionId, projectId, payload: { messageId: 'm1', text } };
}
