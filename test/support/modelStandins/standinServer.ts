// The part every model stand-in shares: an HTTP server on 127.0.0.1 (ephemeral port) that records
// each request and plays a scenario, one step per main-loop request. What a request means and how
// an answer is spelled belong to the API dialect (Anthropic Messages, OpenAI Responses).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FINAL_TEXT, type ModelStandin, type RecordedRequest, type ScenarioStep } from './scenario.js';

export interface IncomingCall {
  method: string;
  path: string;
  body: unknown;
}

/** Tools the stand-in hands to a dialect while it answers one request. */
export interface AnswerContext {
  /** A fresh id with this prefix (`toolu_`, `call_`), unique within the stand-in. */
  nextId(prefix: string): string;
  /** Notes a scenario mistake; the test sees it in `scriptErrors`. */
  scriptError(message: string): void;
}

export interface ApiDialect {
  /** True for requests of the agent's own loop; everything else (titles, token counts, probes) is a side request. */
  isMainLoop(call: IncomingCall): boolean;
  /** Answers a main-loop request with a text or tool step (errors are answered here, in the server). */
  answerStep(step: Exclude<ScenarioStep, { error: unknown }>, call: IncomingCall, res: http.ServerResponse, ctx: AnswerContext): void;
  /** Answers a side request generically, without touching the scenario. */
  answerSide(call: IncomingCall, res: http.ServerResponse, ctx: AnswerContext): void;
  /** The tool results a request carries back to the model: call id and text. */
  toolResults(body: unknown): { id: string; text: string }[];
}

export function writeJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** One server-sent-events response: every event written at once, then the stream ends. */
export function writeSse(res: http.ServerResponse, events: readonly { event: string; data: unknown }[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const e of events) res.write(`event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
  res.end();
}

class ScriptedStandin implements ModelStandin {
  readonly requests: RecordedRequest[] = [];
  readonly scriptErrors: string[] = [];
  private readonly queue: ScenarioStep[] = [];
  private played = 0;
  private ids = 0;
  private readonly ctx: AnswerContext = {
    nextId: (prefix) => `${prefix}standin_${++this.ids}`,
    scriptError: (message) => this.scriptErrors.push(message),
  };

  constructor(
    private readonly server: http.Server,
    readonly url: string,
    private readonly dialect: ApiDialect,
    steps: readonly ScenarioStep[],
  ) {
    this.queue.push(...steps);
    server.on('request', (req, res) => this.receive(req, res));
  }

  get stepsPlayed(): number {
    return this.played;
  }

  enqueue(...steps: ScenarioStep[]): void {
    this.queue.push(...steps);
  }

  toolResults(): string[] {
    const seen = new Map<string, string>();
    for (const r of this.requests) {
      if (r.role !== 'main') continue;
      for (const { id, text } of this.dialect.toolResults(r.body)) if (!seen.has(id)) seen.set(id, text);
    }
    return [...seen.values()];
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      // Agents keep connections alive; without this, close waits for them to time out.
      this.server.closeAllConnections();
    });
  }

  private receive(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = text === '' ? null : (JSON.parse(text) as unknown);
      } catch {
        body = text;
      }
      const call: IncomingCall = { method: req.method ?? 'GET', path: req.url ?? '/', body };
      try {
        this.answer(call, res);
      } catch (err) {
        // A bug in a dialect must show in the test, not as an agent hanging on a dead socket.
        this.scriptErrors.push(`answering ${call.method} ${call.path} threw: ${String(err)}`);
        if (!res.headersSent) writeJson(res, 500, { error: { type: 'api_error', message: 'the stand-in failed' } });
        else res.end();
      }
    });
  }

  private answer(call: IncomingCall, res: http.ServerResponse): void {
    if (!this.dialect.isMainLoop(call)) {
      this.requests.push({ ...call, role: 'side', step: null });
      this.dialect.answerSide(call, res, this.ctx);
      return;
    }
    const step = this.queue.shift();
    const index = step === undefined ? null : this.played++;
    this.requests.push({ ...call, role: 'main', step: index });
    const played = step ?? { text: FINAL_TEXT };
    if ('error' in played) writeJson(res, played.error.status, played.error.body);
    else this.dialect.answerStep(played, call, res, this.ctx);
  }
}

/** Starts a stand-in speaking `dialect` on 127.0.0.1 and an ephemeral port. */
export async function startStandin(dialect: ApiDialect, steps: readonly ScenarioStep[]): Promise<ModelStandin> {
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return new ScriptedStandin(server, `http://127.0.0.1:${port}`, dialect, steps);
}
