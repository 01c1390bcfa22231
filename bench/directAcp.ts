// The baselines' "no daemon" client: the ACP SDK used the ordinary way (its app builder and
// onNotification), spawning an agent bundle over stdio. It stores nothing and forwards nothing,
// which is exactly what the daemon's figures are compared against.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import * as acp from '@agentclientprotocol/sdk';
import { now } from './timing.js';

export interface DirectAcpOptions {
  /** A JavaScript agent bundle, run with this Node. */
  agentBundle: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Called for every agent_message_chunk, in arrival order, with its text and performance.now(). */
  onChunk?(text: string, at: number): void;
}

export class DirectAcpClient {
  private constructor(
    private readonly child: ChildProcess,
    private readonly connection: acp.ClientConnection,
    private readonly cwd: string,
  ) {}

  /** Spawns the agent and completes `initialize`. */
  static async start(opts: DirectAcpOptions): Promise<DirectAcpClient> {
    const child = spawn(process.execPath, [opts.agentBundle], { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    // stderr is drained: a full pipe would block the agent.
    child.stderr?.resume();
    const onChunk = opts.onChunk;
    const app = acp
      .client({ name: 'switchboard-bench-direct' })
      .onNotification(acp.methods.client.session.update, ({ params }) => {
        const u = params.update;
        if (onChunk && u.sessionUpdate === 'agent_message_chunk' && u.content.type === 'text') onChunk(u.content.text, now());
      })
      .onRequest(acp.methods.client.session.requestPermission, ({ params }) => {
        const allow = params.options.find((o) => o.kind === 'allow_once') ?? params.options[0];
        return { outcome: allow ? { outcome: 'selected' as const, optionId: allow.optionId } : { outcome: 'cancelled' as const } };
      })
      .onRequest(acp.methods.client.fs.writeTextFile, async ({ params }) => {
        await fs.writeFile(params.path, params.content);
        return {};
      })
      .onRequest(acp.methods.client.fs.readTextFile, async ({ params }) => ({ content: await fs.readFile(params.path, 'utf8') }));
    const connection = app.connect(
      acp.ndJsonStream(Writable.toWeb(child.stdin!) as WritableStream<Uint8Array>, Readable.toWeb(child.stdout!) as ReadableStream<Uint8Array>),
    );
    const client = new DirectAcpClient(child, connection, opts.cwd);
    await connection.agent.request(acp.methods.agent.initialize, {
      protocolVersion: acp.PROTOCOL_VERSION,
      clientCapabilities: { fs: { readTextFile: true, writeTextFile: true }, terminal: false },
      clientInfo: { name: 'switchboard-bench-direct', version: '0.0.0' },
    });
    return client;
  }

  async newSession(): Promise<string> {
    const res = await this.connection.agent.request(acp.methods.agent.session.new, { cwd: this.cwd, mcpServers: [] });
    return res.sessionId;
  }

  async prompt(sessionId: string, text: string): Promise<string> {
    const res = await this.connection.agent.request(acp.methods.agent.session.prompt, { sessionId, prompt: [{ type: 'text', text }] });
    return res.stopReason;
  }

  /** Closes stdin (the agent exits on its own) and waits; SIGKILL if it lingers. */
  async close(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    this.connection.close();
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  }
}
