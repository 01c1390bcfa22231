// The demo agent: a real ACP agent over stdio, deterministic, no network and no API key.
// Built to dist/demo-agent.cjs. stdout is the protocol: nothing else may print there.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import * as acp from '@agentclientprotocol/sdk';
import { controlWordHandler, type StopReason } from './controlWords.js';
import { runDefaultTask } from './defaultTask.js';
import { DemoTurn, TurnCancelled } from './demoTurn.js';
import { DemoHistory, historyDir } from './history.js';

interface LiveSession {
  cwd: string;
  turn: AbortController | null;
}

/**
 * Modes offered the way real agents offer them (Claude: default … plan), so clients can select one;
 * the demo only confirms a switch (current_mode_update), its turns do not change with the mode.
 */
const MODES = [
  { id: 'default', name: 'Default' },
  { id: 'plan', name: 'Plan (read-only)' },
];
const modeState = (currentModeId: string) => ({ currentModeId, availableModes: MODES });

const history = new DemoHistory(historyDir(process.env));
// DEMO_AGENT_REQUIRE_AUTH=1 plays an agent without credentials: session/new answers -32000
// until `demo-agent.cjs --login` (a terminal-type login, run by a person) has been run.
const requireAuth = process.env.DEMO_AGENT_REQUIRE_AUTH === '1';
const loginMarker = path.join(path.dirname(historyDir(process.env)), 'logged-in');

if (process.argv.includes('--login')) {
  mkdirSync(path.dirname(loginMarker), { recursive: true });
  writeFileSync(loginMarker, new Date().toISOString());
  process.stdout.write('Logged in to the demo agent.\n');
  process.exit(0);
}
const sessions = new Map<string, LiveSession>();
let clientCapabilities: acp.ClientCapabilities = {};

function promptText(blocks: acp.ContentBlock[]): string {
  return blocks.map((b) => (b.type === 'text' ? b.text : '')).join('');
}

async function runTurn(turn: DemoTurn, text: string): Promise<StopReason> {
  try {
    const control = controlWordHandler(text);
    return control ? await control(turn) : await runDefaultTask(turn);
  } catch (err) {
    if (err instanceof TurnCancelled || turn.signal.aborted) return 'cancelled';
    throw err;
  }
}

const app = acp
  .agent({ name: 'demo-agent' })
  .onRequest(acp.methods.agent.initialize, ({ params }) => {
    clientCapabilities = params.clientCapabilities ?? {};
    return {
      protocolVersion: acp.PROTOCOL_VERSION,
      agentCapabilities: {
        loadSession: true,
        promptCapabilities: { image: false, audio: false, embeddedContext: false },
      },
      authMethods: requireAuth
        ? [{ type: 'terminal' as const, id: 'demo-login', name: 'Demo login', description: 'Run the demo agent with --login', args: ['--login'] }]
        : [],
      agentInfo: { name: 'demo-agent', title: 'Switchboard demo agent', version: '0.1.0' },
    };
  })
  .onRequest(acp.methods.agent.session.new, async ({ params }) => {
    if (requireAuth && !existsSync(loginMarker)) throw acp.RequestError.authRequired(undefined, 'Log in with demo-login first');
    const record = await history.create(params.cwd);
    sessions.set(record.sessionId, { cwd: params.cwd, turn: null });
    return { sessionId: record.sessionId, modes: modeState('default') };
  })
  .onRequest(acp.methods.agent.session.load, async ({ params, client }) => {
    const record = await history.load(params.sessionId);
    if (!record) throw acp.RequestError.sessionNotFound(params.sessionId);
    // ACP: the history is replayed as updates before the load is answered.
    for (const turn of record.turns) {
      const update = (sessionUpdate: 'user_message_chunk' | 'agent_message_chunk', text: string) =>
        client.notify(acp.methods.client.session.update, {
          sessionId: record.sessionId,
          update: { sessionUpdate, content: { type: 'text', text } },
        });
      await update('user_message_chunk', turn.prompt);
      if (turn.reply) await update('agent_message_chunk', turn.reply);
    }
    sessions.set(record.sessionId, { cwd: params.cwd, turn: null });
    return { modes: modeState('default') };
  })
  .onRequest(acp.methods.agent.session.setMode, async ({ params, client }) => {
    if (!sessions.has(params.sessionId)) throw acp.RequestError.sessionNotFound(params.sessionId);
    if (!MODES.some((m) => m.id === params.modeId)) throw acp.RequestError.invalidParams(undefined, `unknown mode "${params.modeId}"`);
    await client.notify(acp.methods.client.session.update, {
      sessionId: params.sessionId,
      update: { sessionUpdate: 'current_mode_update', currentModeId: params.modeId },
    });
    return {};
  })
  .onRequest(acp.methods.agent.session.prompt, async ({ params, client }) => {
    const session = sessions.get(params.sessionId);
    const record = await history.load(params.sessionId);
    if (!session || !record) throw acp.RequestError.sessionNotFound(params.sessionId);
    const text = promptText(params.prompt);
    const abort = new AbortController();
    session.turn = abort;
    const turn = new DemoTurn(client, params.sessionId, session.cwd, abort.signal, clientCapabilities, record.turns.length + 1);
    let stopReason: StopReason;
    try {
      stopReason = await runTurn(turn, text);
    } finally {
      if (session.turn === abort) session.turn = null;
    }
    await history.appendTurn(params.sessionId, { prompt: text, reply: turn.reply });
    return { stopReason };
  })
  .onNotification(acp.methods.agent.session.cancel, ({ params }) => {
    sessions.get(params.sessionId)?.turn?.abort();
  });

const connection = app.connect(
  acp.ndJsonStream(
    Writable.toWeb(process.stdout) as WritableStream<Uint8Array>,
    Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>,
  ),
);
// The client went away (stdin closed): nothing left to do.
void connection.closed.then(() => process.exit(0));
