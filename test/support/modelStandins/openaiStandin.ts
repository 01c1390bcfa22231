// The OpenAI Responses API as Codex (@zed-industries/codex-acp) uses it, played from a scenario.
// Codex sends one streamed `POST /v1/responses` per tool round, carrying its tools: the shell is
// the function `exec_command` ({cmd, sandbox_permissions, justification, …}) and file edits are
// the freeform custom tool `apply_patch` (a patch text, not JSON). Whether a scripted call is a
// `function_call` or a `custom_tool_call` is read from the tools the request offers. Requests
// without tools (or to other paths) are side requests and get a generic answer.
import type http from 'node:http';
import { isRecord, type ModelStandin, type ScenarioStep } from './scenario.js';
import { startStandin, writeJson, writeSse, type AnswerContext, type ApiDialect, type IncomingCall } from './standinServer.js';

type OutputItem = Record<string, unknown> & { id: string; type: string };

/** Token counts on every completed response: Codex turns them into `usage_update` (used, size). */
const USAGE = {
  input_tokens: 1200,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: 40,
  output_tokens_details: { reasoning_tokens: 8 },
  total_tokens: 1240,
};

/** Tool name → its type in the request (`function`, `custom`, …). */
function offeredTools(body: unknown): Map<string, string> {
  const tools = new Map<string, string>();
  if (!isRecord(body) || !Array.isArray(body.tools)) return tools;
  for (const t of body.tools) if (isRecord(t) && typeof t.name === 'string' && typeof t.type === 'string') tools.set(t.name, t.type);
  return tools;
}

function isResponses(call: IncomingCall): boolean {
  return call.method === 'POST' && /^\/v1\/responses(\?|$)/.test(call.path);
}

function toolItem(step: Extract<ScenarioStep, { tool: unknown }>, offered: Map<string, string>, ctx: AnswerContext): OutputItem {
  const { name, input } = step.tool;
  const kind = offered.get(name);
  const callId = ctx.nextId('call_');
  if (kind === undefined) ctx.scriptError(`the scenario calls ${name}, which Codex did not offer (it offered ${[...offered.keys()].join(', ')})`);
  if (kind === 'custom') {
    if (typeof input !== 'string') ctx.scriptError(`${name} is a freeform tool: give it a string, not JSON`);
    return { id: ctx.nextId('ctc_'), type: 'custom_tool_call', status: 'completed', call_id: callId, name, input: typeof input === 'string' ? input : JSON.stringify(input) };
  }
  return { id: ctx.nextId('fc_'), type: 'function_call', status: 'completed', call_id: callId, name, arguments: typeof input === 'string' ? input : JSON.stringify(input) };
}

/** Each item as added, its streamed delta (reasoning summary or text), and done; then completed with usage. */
function streamEvents(responseId: string, model: string, items: readonly OutputItem[]): { event: string; data: unknown }[] {
  const events: { event: string; data: unknown }[] = [];
  let seq = 0;
  const emit = (type: string, data: Record<string, unknown>) => events.push({ event: type, data: { type, sequence_number: seq++, ...data } });
  const response = { id: responseId, object: 'response', created_at: Math.floor(Date.now() / 1000), model, status: 'in_progress', output: [] as OutputItem[] };
  emit('response.created', { response });
  items.forEach((item, output_index) => {
    if (item.type === 'reasoning') {
      emit('response.output_item.added', { output_index, item: { ...item, summary: [] } });
      const summary = (item.summary as { text: string }[])[0]?.text ?? '';
      emit('response.reasoning_summary_text.delta', { output_index, item_id: item.id, summary_index: 0, delta: summary });
    } else if (item.type === 'message') {
      emit('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', content: [] } });
      const text = (item.content as { text: string }[])[0]?.text ?? '';
      emit('response.output_text.delta', { output_index, item_id: item.id, content_index: 0, delta: text });
    } else {
      emit('response.output_item.added', { output_index, item });
    }
    emit('response.output_item.done', { output_index, item });
  });
  emit('response.completed', { response: { ...response, status: 'completed', output: items, usage: USAGE } });
  return events;
}

function answerResponse(call: IncomingCall, res: http.ServerResponse, ctx: AnswerContext, items: OutputItem[]): void {
  const model = isRecord(call.body) && typeof call.body.model === 'string' ? call.body.model : 'gpt-standin';
  writeSse(res, streamEvents(ctx.nextId('resp_'), model, items));
}

function messageItem(ctx: AnswerContext, text: string): OutputItem {
  return { id: ctx.nextId('msg_'), type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] };
}

function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (!Array.isArray(output)) return '';
  return output.map((o) => (isRecord(o) && typeof o.text === 'string' ? o.text : '')).join('');
}

const openaiDialect: ApiDialect = {
  isMainLoop: (call) => isResponses(call) && offeredTools(call.body).size > 0,

  answerStep(step, call, res, ctx) {
    const items: OutputItem[] = [];
    if (step.thinking !== undefined) items.push({ id: ctx.nextId('rs_'), type: 'reasoning', summary: [{ type: 'summary_text', text: step.thinking }] });
    if (step.text !== undefined) items.push(messageItem(ctx, step.text));
    if ('tool' in step) items.push(toolItem(step, offeredTools(call.body), ctx));
    answerResponse(call, res, ctx, items);
  },

  answerSide(call, res, ctx) {
    if (isResponses(call)) answerResponse(call, res, ctx, [messageItem(ctx, 'Standin side answer')]);
    else writeJson(res, 404, { error: { type: 'invalid_request_error', message: `the stand-in does not serve ${call.method} ${call.path}` } });
  },

  toolResults(body) {
    if (!isRecord(body) || !Array.isArray(body.input)) return [];
    return body.input.flatMap((item) =>
      isRecord(item) && (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') && typeof item.call_id === 'string'
        ? [{ id: item.call_id, text: outputText(item.output) }]
        : [],
    );
  },
};

/** A scripted OpenAI Responses endpoint; point Codex at `<url>/v1` through its config.toml. */
export function startOpenaiStandin(steps: readonly ScenarioStep[] = []): Promise<ModelStandin> {
  return startStandin(openaiDialect, steps);
}
