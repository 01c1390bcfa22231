// The Anthropic Messages API as Claude Code (@zed-industries/claude-agent-acp) uses it, played
// from a scenario. Claude Code probes `HEAD /` when a session starts or loads, then sends one
// `POST /v1/messages?beta=true` (streamed) per tool round, each carrying its whole tool list
// (Bash, Edit, Read, Write, …). Its helper calls (session titles, command prefixes, token counts)
// carry no tools or go to `/v1/messages/count_tokens`: those are side requests and get a generic
// answer, so they never eat a scenario step.
import type http from 'node:http';
import { isRecord, type ModelStandin, type ScenarioStep } from './scenario.js';
import { startStandin, writeJson, writeSse, type AnswerContext, type ApiDialect, type IncomingCall } from './standinServer.js';

type Block =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** Token counts on every answer: Claude Code turns them into `usage_update` (used, size, cost). */
const USAGE = { input_tokens: 120, output_tokens: 30, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

function toolNames(body: unknown): string[] {
  if (!isRecord(body) || !Array.isArray(body.tools)) return [];
  return body.tools.flatMap((t) => (isRecord(t) && typeof t.name === 'string' ? [t.name] : []));
}

function isMessages(call: IncomingCall): boolean {
  return call.method === 'POST' && /^\/v1\/messages(\?|$)/.test(call.path);
}

function modelOf(body: unknown): string {
  return isRecord(body) && typeof body.model === 'string' ? body.model : 'claude-standin';
}

function blocksOf(step: Exclude<ScenarioStep, { error: unknown }>, offered: string[], ctx: AnswerContext): Block[] {
  const blocks: Block[] = [];
  // Claude Code sends thinking back in later requests; any signature string is accepted here.
  if (step.thinking !== undefined) blocks.push({ type: 'thinking', thinking: step.thinking, signature: 'standin-signature' });
  if (step.text !== undefined) blocks.push({ type: 'text', text: step.text });
  if ('tool' in step) {
    const { name, input } = step.tool;
    if (!offered.includes(name)) ctx.scriptError(`the scenario calls ${name}, which Claude Code did not offer (it offered ${offered.join(', ')})`);
    if (typeof input === 'string') ctx.scriptError(`Claude Code tools take JSON input; ${name} was given a string`);
    blocks.push({ type: 'tool_use', id: ctx.nextId('toolu_'), name, input: typeof input === 'string' ? { input } : input });
  }
  return blocks;
}

/** The SSE events of one message: start, each block (start, delta, stop), delta with usage, stop. */
function streamEvents(id: string, model: string, blocks: readonly Block[], stopReason: string): { event: string; data: unknown }[] {
  const events: { event: string; data: unknown }[] = [];
  const emit = (type: string, data: Record<string, unknown>) => events.push({ event: type, data: { type, ...data } });
  emit('message_start', {
    message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...USAGE, output_tokens: 1 } },
  });
  blocks.forEach((block, index) => {
    if (block.type === 'thinking') {
      emit('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      emit('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: block.thinking } });
      emit('content_block_delta', { index, delta: { type: 'signature_delta', signature: block.signature } });
    } else if (block.type === 'text') {
      emit('content_block_start', { index, content_block: { type: 'text', text: '' } });
      emit('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } });
    } else {
      emit('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      emit('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } });
    }
    emit('content_block_stop', { index });
  });
  emit('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: USAGE });
  emit('message_stop', {});
  return events;
}

function answerMessage(call: IncomingCall, res: http.ServerResponse, id: string, blocks: readonly Block[]): void {
  const stopReason = blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  const model = modelOf(call.body);
  if (isRecord(call.body) && call.body.stream === true) {
    writeSse(res, streamEvents(id, model, blocks, stopReason));
    return;
  }
  writeJson(res, 200, { id, type: 'message', role: 'assistant', model, content: blocks, stop_reason: stopReason, stop_sequence: null, usage: USAGE });
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((c) => (isRecord(c) && typeof c.text === 'string' ? c.text : '')).join('');
}

const anthropicDialect: ApiDialect = {
  // Only the agent's own loop sends its tools; helper calls go without.
  isMainLoop: (call) => isMessages(call) && toolNames(call.body).length > 0,

  answerStep(step, call, res, ctx) {
    answerMessage(call, res, ctx.nextId('msg_'), blocksOf(step, toolNames(call.body), ctx));
  },

  answerSide(call, res, ctx) {
    // HEAD / is Claude Code's connectivity probe at session/new and session/load.
    if (call.method === 'HEAD' || (call.method === 'GET' && call.path === '/')) {
      res.writeHead(200).end();
    } else if (call.method === 'POST' && call.path.startsWith('/v1/messages/count_tokens')) {
      writeJson(res, 200, { input_tokens: 120 });
    } else if (isMessages(call)) {
      answerMessage(call, res, ctx.nextId('msg_side_'), [{ type: 'text', text: 'Standin side answer' }]);
    } else {
      writeJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: `the stand-in does not serve ${call.method} ${call.path}` } });
    }
  },

  toolResults(body) {
    if (!isRecord(body) || !Array.isArray(body.messages)) return [];
    return body.messages.flatMap((m) =>
      isRecord(m) && Array.isArray(m.content)
        ? m.content.flatMap((c) =>
            isRecord(c) && c.type === 'tool_result' && typeof c.tool_use_id === 'string'
              ? [{ id: c.tool_use_id, text: `${c.is_error === true ? '[error] ' : ''}${resultText(c.content)}` }]
              : [],
          )
        : [],
    );
  },
};

/** A scripted Anthropic Messages endpoint; point Claude Code at it with `ANTHROPIC_BASE_URL=<url>`. */
export function startAnthropicStandin(steps: readonly ScenarioStep[] = []): Promise<ModelStandin> {
  return startStandin(anthropicDialect, steps);
}
