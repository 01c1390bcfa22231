// The model stand-ins on their own, without an agent: how they tell a main-loop request (it
// carries the agent's tools and takes the next step) from a side request (answered generically),
// and that their streams have the shape the real agents read. These run everywhere, so a broken
// stand-in shows even where the real agents are not installed.
import assert from 'node:assert/strict';
import { startAnthropicStandin } from '../support/modelStandins/anthropicStandin.js';
import { startOpenaiStandin } from '../support/modelStandins/openaiStandin.js';
import { FINAL_TEXT, type ModelStandin } from '../support/modelStandins/scenario.js';

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

async function post(standin: ModelStandin, path: string, body: unknown): Promise<Response> {
  return fetch(`${standin.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function sse(res: Response): Promise<SseEvent[]> {
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  return (await res.text())
    .split('\n\n')
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => {
      const event = /^event: (.*)$/m.exec(chunk)?.[1] ?? '';
      const data = JSON.parse(/^data: (.*)$/m.exec(chunk)?.[1] ?? 'null') as Record<string, unknown>;
      return { event, data };
    });
}

describe('model stand-ins', () => {
  const open: ModelStandin[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  describe('Anthropic Messages', () => {
    const tools = [{ name: 'Bash' }, { name: 'Write' }];

    it('answers probes, token counts and tool-less calls without using up a step', async () => {
      const standin = await startAnthropicStandin([{ text: 'first step' }]);
      open.push(standin);
      assert.match(standin.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal((await fetch(`${standin.url}/`, { method: 'HEAD' })).status, 200);
      const counted = (await (await post(standin, '/v1/messages/count_tokens?beta=true', { messages: [] })).json()) as { input_tokens: number };
      assert.ok(counted.input_tokens > 0);
      const title = (await (await post(standin, '/v1/messages?beta=true', { model: 'claude-haiku', messages: [] })).json()) as { content: { text: string }[] };
      assert.ok(title.content[0]?.text);
      assert.equal(standin.stepsPlayed, 0);
      assert.deepEqual(standin.requests.map((r) => r.role), ['side', 'side', 'side']);
    });

    it('streams thinking, text and a tool call for a main-loop request, then the plain final text', async () => {
      const standin = await startAnthropicStandin([{ thinking: 'hmm', text: 'writing', tool: { name: 'Write', input: { file_path: 'a.txt', content: 'A' } } }]);
      open.push(standin);
      const events = await sse(await post(standin, '/v1/messages?beta=true', { model: 'claude-sonnet-4-6', stream: true, tools, messages: [] }));
      assert.deepEqual(events.map((e) => e.event), [
        'message_start',
        ...['content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop'],
        ...['content_block_start', 'content_block_delta', 'content_block_stop'],
        ...['content_block_start', 'content_block_delta', 'content_block_stop'],
        'message_delta',
        'message_stop',
      ]);
      const toolJson = events.find((e) => (e.data.delta as { type?: string } | undefined)?.type === 'input_json_delta')?.data.delta as { partial_json: string };
      assert.deepEqual(JSON.parse(toolJson.partial_json), { file_path: 'a.txt', content: 'A' });
      assert.equal((events.find((e) => e.event === 'message_delta')?.data.delta as { stop_reason: string }).stop_reason, 'tool_use');

      const toolUseId = events.map((e) => e.data.content_block as { type?: string; id?: string } | undefined).find((b) => b?.type === 'tool_use')?.id;
      assert.ok(toolUseId);
      const next = (await (await post(standin, '/v1/messages?beta=true', {
        tools,
        messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUseId, content: 'refused', is_error: true }] }],
      })).json()) as { content: { text: string }[]; stop_reason: string };
      assert.equal(next.content[0]?.text, FINAL_TEXT);
      assert.equal(next.stop_reason, 'end_turn');
      assert.deepEqual(standin.toolResults(), ['[error] refused']);
      assert.deepEqual(standin.requests.map((r) => r.step), [0, null]);
      assert.deepEqual(standin.scriptErrors, []);
    });

    it('plays an error step as that HTTP status and body, and notes a tool the agent did not offer', async () => {
      const standin = await startAnthropicStandin([{ error: { status: 529, body: { type: 'error', error: { type: 'overloaded_error', message: 'busy' } } } }, { tool: { name: 'Nope', input: {} } }]);
      open.push(standin);
      const failed = await post(standin, '/v1/messages?beta=true', { tools, messages: [] });
      assert.equal(failed.status, 529);
      assert.deepEqual(await failed.json(), { type: 'error', error: { type: 'overloaded_error', message: 'busy' } });
      await (await post(standin, '/v1/messages?beta=true', { tools, messages: [] })).text();
      assert.match(standin.scriptErrors.join('\n'), /calls Nope, which Claude Code did not offer/);
    });
  });

  describe('OpenAI Responses', () => {
    const tools = [
      { type: 'function', name: 'exec_command' },
      { type: 'custom', name: 'apply_patch' },
    ];

    it('turns a freeform tool into a custom_tool_call and a JSON tool into a function_call, with usage at the end', async () => {
      const patch = '*** Begin Patch\n*** Add File: a.txt\n+A\n*** End Patch\n';
      const standin = await startOpenaiStandin([
        { thinking: 'plan', tool: { name: 'apply_patch', input: patch } },
        { tool: { name: 'exec_command', input: { cmd: 'ls' } } },
      ]);
      open.push(standin);
      const first = await sse(await post(standin, '/v1/responses', { model: 'gpt-5.4', stream: true, tools, input: [] }));
      assert.deepEqual(first.map((e) => e.event), [
        'response.created',
        ...['response.output_item.added', 'response.reasoning_summary_text.delta', 'response.output_item.done'],
        ...['response.output_item.added', 'response.output_item.done'],
        'response.completed',
      ]);
      const items = first.filter((e) => e.event === 'response.output_item.done').map((e) => e.data.item as Record<string, unknown>);
      assert.deepEqual([items[1]?.type, items[1]?.name, items[1]?.input], ['custom_tool_call', 'apply_patch', patch]);
      const completed = first.at(-1)?.data.response as { usage: { total_tokens: number } };
      assert.ok(completed.usage.total_tokens > 0);

      const second = await sse(await post(standin, '/v1/responses', {
        tools,
        input: [{ type: 'custom_tool_call_output', call_id: items[1]?.call_id, output: 'Success. Updated the following files:\nA a.txt\n' }],
      }));
      const call = second.find((e) => e.event === 'response.output_item.done')?.data.item as { type: string; arguments: string };
      assert.equal(call.type, 'function_call');
      assert.deepEqual(JSON.parse(call.arguments), { cmd: 'ls' });
      assert.deepEqual(standin.toolResults(), ['Success. Updated the following files:\nA a.txt\n']);
      assert.deepEqual(standin.scriptErrors, []);
    });

    it('answers a request without tools generically, keeping the scenario for the agent’s loop', async () => {
      const standin = await startOpenaiStandin([{ text: 'for the loop' }]);
      open.push(standin);
      const side = await sse(await post(standin, '/v1/responses', { model: 'gpt-5.4', stream: true, input: [] }));
      assert.equal(side.at(-1)?.event, 'response.completed');
      assert.equal(standin.stepsPlayed, 0);
      const main = await sse(await post(standin, '/v1/responses', { tools, input: [] }));
      const text = main.find((e) => e.event === 'response.output_text.delta')?.data.delta;
      assert.equal(text, 'for the loop');
      assert.equal(standin.stepsPlayed, 1);
    });
  });
});
