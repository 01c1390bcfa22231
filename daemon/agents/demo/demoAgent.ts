// The demo agent: a real ACP agent over stdio, deterministic, no network and no API key.
// Built to dist/demo-agent.cjs. stdout is the protocol: nothing else may print there.
import { Readable, Writable } from 'node:stream';
import * as acp from '@agentclientprotocol/sdk';
import { controlWordHandler, type StopReason } from './controlWords.js';
import { runDefaultTask } from './defaultTask.js';
import { authenticate, DEMO_AUTH_METHODS, loggedIn, logout, requireAuth, runTerminalLogin } from './demoLogin.js';
import { DemoTurn, TurnCancelled } from './demoTurn.js';
import { DemoUsage, withoutSpend } from './demoUsage.js';
import { configOptionsOf, DEMO_COMMANDS, offeredSettings, setSetting, slashCommandReply } from './demoSettings.js';
import { DemoHistory, historyDir } from './history.js';
import { listPage, sessionCapabilities } from './demoLifecycle.js';
import { rememberMcpServers } from './demoMcp.js';

interface LiveSession {
  cwd: string;
  turn: AbortController | null;
}

const history = new DemoHistory(historyDir(process.env));
// `--login` is the terminal login (demoLogin.ts): a person at a terminal, not the protocol.
const loginOnly = process.argv.includes('--login');
if (loginOnly) runTerminalLogin();
const sessions = new Map<string, LiveSession>();
const usage = new DemoUsage();
let clientCapabilities: acp.ClientCapabilities = {};

function promptText(blocks: acp.ContentBlock[]): string {
  return blocks.map((b) => (b.type === 'text' ? b.text : '')).join('');
}

async function runTurn(turn: DemoTurn, text: string): Promise<StopReason> {
  try {
    const commandReply = slashCommandReply(text);
    if (commandReply !== null) {
      await turn.say(commandReply);
      return 'end_turn';
    }
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
        sessionCapabilities: sessionCapabilities(process.env),
        ...(requireAuth ? { auth: { logout: {} } } : {}),
      },
      authMethods: requireAuth ? DEMO_AUTH_METHODS : [],
      agentInfo: { name: 'demo-agent', title: 'Switchboard demo agent', version: '0.1.0' },
    };
  })
  .onRequest(acp.methods.agent.session.new, async ({ params, client }) => {
    if (requireAuth && !loggedIn()) throw acp.RequestError.authRequired(undefined, 'Log in with demo-login first');
    const record = await history.create(params.cwd);
    sessions.set(record.sessionId, { cwd: params.cwd, turn: null });
    rememberMcpServers(record.sessionId, params.mcpServers);
    // Like real agents, the commands follow the answer.
    setTimeout(() => {
      const update = { sessionUpdate: 'available_commands_update' as const, availableCommands: DEMO_COMMANDS };
      void client.notify(acp.methods.client.session.update, { sessionId: record.sessionId, update }).catch(() => undefined);
    }, 0);
    return { sessionId: record.sessionId, ...offeredSettings(record.sessionId) };
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
    rememberMcpServers(record.sessionId, params.mcpServers);
    return offeredSettings(record.sessionId);
  })
  // Served always, declared only with DEMO_AGENT_SESSION_CAPS (demoLifecycle.ts): clients go by the declaration.
  .onRequest(acp.methods.agent.session.resume, async ({ params }) => {
    const record = await history.load(params.sessionId);
    if (!record) throw acp.RequestError.sessionNotFound(params.sessionId);
    sessions.set(record.sessionId, { cwd: params.cwd, turn: null });
    rememberMcpServers(record.sessionId, params.mcpServers);
    process.stderr.write(`demo-agent: resumed session ${record.sessionId} (${record.turns.length} earlier turns, none replayed)\n`);
    return offeredSettings(record.sessionId);
  })
  .onRequest(acp.methods.agent.session.close, ({ params }) => {
    sessions.get(params.sessionId)?.turn?.abort();
    sessions.delete(params.sessionId);
    process.stderr.write(`demo-agent: closed session ${params.sessionId}\n`);
    return {};
  })
  .onRequest(acp.methods.agent.session.list, ({ params }) => listPage(history, params.cwd ?? null, params.cursor ?? null))
  .onRequest(acp.methods.agent.session.setMode, async ({ params, client }) => {
    if (!sessions.has(params.sessionId)) throw acp.RequestError.sessionNotFound(params.sessionId);
    setSetting(params.sessionId, 'mode', params.modeId);
    await client.notify(acp.methods.client.session.update, {
      sessionId: params.sessionId,
      update: { sessionUpdate: 'current_mode_update', currentModeId: params.modeId },
    });
    return {};
  })
  .onRequest(acp.methods.agent.session.setConfigOption, async ({ params, client }) => {
    if (!sessions.has(params.sessionId)) throw acp.RequestError.sessionNotFound(params.sessionId);
    setSetting(params.sessionId, params.configId, params.value);
    if (params.configId === 'mode') {
      const update = { sessionUpdate: 'current_mode_update' as const, currentModeId: String(params.value) };
      await client.notify(acp.methods.client.session.update, { sessionId: params.sessionId, update });
    }
    return { configOptions: configOptionsOf(params.sessionId) };
  })
  .onRequest(acp.methods.agent.session.prompt, async ({ params, client }) => {
    const session = sessions.get(params.sessionId);
    const record = await history.load(params.sessionId);
    if (!session || !record) throw acp.RequestError.sessionNotFound(params.sessionId);
    // A login that went away mid-session (`forget-login`, a logout): refused like an expired token.
    if (requireAuth && !loggedIn()) throw acp.RequestError.authRequired(undefined, 'Log in with demo-login first');
    const text = promptText(params.prompt);
    const abort = new AbortController();
    session.turn = abort;
    const turn = new DemoTurn(client, params.sessionId, session.cwd, abort.signal, clientCapabilities, record.turns.length + 1);
    let stopReason: StopReason;
    try {
      stopReason = await runTurn(turn, withoutSpend(text));
    } finally {
      if (session.turn === abort) session.turn = null;
    }
    await history.appendTurn(params.sessionId, { prompt: text, reply: turn.reply });
    const response = { stopReason, usage: await usage.report(turn, text) };
    return response;
  })
  .onNotification(acp.methods.agent.session.cancel, ({ params }) => {
    sessions.get(params.sessionId)?.turn?.abort();
  })
  .onRequest(acp.methods.agent.authenticate, ({ params }) => {
    authenticate(params.methodId);
    return {};
  })
  .onRequest(acp.methods.agent.logout, () => {
    logout();
    return {};
  });

// A terminal login owns stdin and stdout: no protocol then.
if (!loginOnly) {
  const connection = app.connect(
    acp.ndJsonStream(
      Writable.toWeb(process.stdout) as WritableStream<Uint8Array>,
      Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>,
    ),
  );
  // The client went away (stdin closed): nothing left to do.
  void connection.closed.then(() => process.exit(0));
}
