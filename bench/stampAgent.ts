// A benchmark-only ACP agent for the latency benchmark (B4). The demo agent's `slow N MS` sends
// `chunk <i>` with no send time, and its setTimeout pacing drifts below 1,000 chunks/s; this
// agent sends on an absolute schedule (chunk i is due at start + i·interval, so the mean rate
// is exact) and writes its wall-clock send time into each chunk, so the subscriber can measure
// agent → daemon → WebSocket end to end. Prompt: `stamp N RATE` (N chunks at RATE per second).
// Built to a scratch file by stampAgentBundle.ts and run with Node like the demo agent.
import { Readable, Writable } from 'node:stream';
import * as acp from '@agentclientprotocol/sdk';

const wallMs = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
let nextSession = 0;

async function stamp(client: acp.AgentContext, sessionId: string, count: number, perSecond: number): Promise<void> {
  const interval = 1000 / perSecond;
  const start = performance.now();
  for (let i = 1; i <= count; i++) {
    const wait = start + i * interval - performance.now();
    // Behind schedule: send at once rather than sleep, so the rate stays what was asked.
    if (wait >= 1) await sleep(wait);
    const text = `stamp ${i} ${wallMs().toFixed(3)}\n`;
    await client.notify(acp.methods.client.session.update, { sessionId, update: { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text } } });
  }
}

const app = acp
  .agent({ name: 'switchboard-bench-stamp' })
  .onRequest(acp.methods.agent.initialize, () => ({
    protocolVersion: acp.PROTOCOL_VERSION,
    agentCapabilities: { loadSession: false, promptCapabilities: { image: false, audio: false, embeddedContext: false } },
    authMethods: [],
  }))
  .onRequest(acp.methods.agent.session.new, () => ({ sessionId: `stamp-${++nextSession}` }))
  .onRequest(acp.methods.agent.session.prompt, async ({ params, client }) => {
    const text = params.prompt.map((b) => (b.type === 'text' ? b.text : '')).join('');
    const [word, n, rate] = text.trim().split(/\s+/);
    if (word === 'stamp') await stamp(client, params.sessionId, Number(n) || 100, Number(rate) || 1000);
    return { stopReason: 'end_turn' as const };
  })
  .onNotification(acp.methods.agent.session.cancel, () => undefined);

const connection = app.connect(
  acp.ndJsonStream(Writable.toWeb(process.stdout) as WritableStream<Uint8Array>, Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>),
);
void connection.closed.then(() => process.exit(0));
