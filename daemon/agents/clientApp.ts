// The ACP client app: the methods an agent may call on us, and nothing else.
import * as acp from '@agentclientprotocol/sdk';
import type { ElicitationRelay } from './elicitationRelay.js';
import type { FileAccess } from './fileAccess.js';
import type { PermissionRelay } from './permissionRelay.js';
import { answering } from './rpcErrors.js';
import type { TerminalManager } from './terminals.js';

/** Advertised at initialize: exactly what buildClientApp serves. */
export const CLIENT_CAPABILITIES = {
  fs: { readTextFile: true, writeTextFile: true },
  terminal: true,
  // Terminal logins (ACP `type: "terminal"`): a person runs the agent's login in a terminal (the
  // extension's or the CLI's), then the daemon starts the agent again.
  auth: { terminal: true },
  // Forms only: a URL elicitation would send the person to a page we cannot follow up on.
  elicitation: { form: {} },
} as const;

export function buildClientApp(parts: {
  files: FileAccess;
  terminals: TerminalManager;
  permissions: PermissionRelay;
  elicitations: ElicitationRelay;
}): acp.ClientApp {
  const { files, terminals, permissions, elicitations } = parts;
  const m = acp.methods.client;
  return acp
    .client({ name: 'agent-switchboard' })
    .onRequest(m.session.requestPermission, async ({ params, signal }) => ({
      outcome: await permissions.ask(params, signal),
    }))
    .onRequest(m.elicitation.create, ({ params, signal }) => elicitations.ask(params, signal))
    .onRequest(m.fs.readTextFile, ({ params }) =>
      answering(async () => ({ content: await files.read(params.sessionId, params.path, params.line ?? null, params.limit ?? null) })),
    )
    .onRequest(m.fs.writeTextFile, ({ params }) =>
      answering(async () => {
        await files.write(params.sessionId, params.path, params.content);
        return {};
      }),
    )
    .onRequest(m.terminal.create, ({ params }) =>
      answering(async () => ({
        terminalId: await terminals.create({
          acpSessionId: params.sessionId,
          command: params.command,
          args: params.args ?? [],
          env: params.env ?? [],
          cwd: params.cwd ?? null,
          outputByteLimit: params.outputByteLimit ?? null,
        }),
      })),
    )
    .onRequest(m.terminal.output, ({ params }) =>
      answering(async () => terminals.output(params.sessionId, params.terminalId)),
    )
    .onRequest(m.terminal.waitForExit, ({ params }) =>
      answering(() => terminals.waitForExit(params.sessionId, params.terminalId)),
    )
    .onRequest(m.terminal.kill, ({ params }) =>
      answering(async () => {
        terminals.kill(params.sessionId, params.terminalId);
        return {};
      }),
    )
    .onRequest(m.terminal.release, ({ params }) =>
      answering(async () => {
        terminals.release(params.sessionId, params.terminalId);
        return {};
      }),
    );
}
