// Prompts that start with a control word make the demo agent misbehave (or behave) on purpose,
// deterministically, so the client can be tested against floods, hangs, crashes and escapes.
import path from 'node:path';
import * as acp from '@agentclientprotocol/sdk';
import { settingsLine } from './demoSettings.js';
import { describeMcpServers, mcpValuesForStderr } from './demoMcp.js';
import { logout } from './demoLogin.js';
import { errorText, TurnCancelled, type DemoTurn } from './demoTurn.js';

export type StopReason = 'end_turn' | 'cancelled';
type Handler = (turn: DemoTurn, args: string[], rest: string) => Promise<StopReason>;

function count(value: string | undefined, fallback: number): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

const handlers: Record<string, Handler> = {
  /** Drops the login (an agent started with DEMO_AGENT_REQUIRE_AUTH=1 then refuses the next prompt with -32000). */
  async 'forget-login'(turn) {
    logout();
    await turn.say('Forgot my login: the next prompt needs a new one.\n');
    return 'end_turn';
  },
  async flood(turn, args) {
    const n = count(args[0], 1000);
    for (let i = 1; i <= n; i++) {
      turn.checkpoint();
      await turn.say(`chunk ${i}\n`, { record: false });
    }
    turn.reply = `(flooded ${n} chunks)`;
    return 'end_turn';
  },

  async slow(turn, args) {
    const n = count(args[0], 10);
    const ms = count(args[1], 100);
    for (let i = 1; i <= n; i++) {
      await turn.say(`chunk ${i}\n`);
      if (i < n) await turn.sleep(ms);
    }
    return 'end_turn';
  },

  hang() {
    return new Promise<never>(() => undefined); // never answers, ignores cancel
  },

  async crash(turn) {
    await turn.say('About to crash.\n');
    return new Promise<never>(() => {
      process.stderr.write('demo-agent: simulated crash (exit code 3)\n', () => process.exit(3));
    });
  },

  async garbage(turn) {
    // Lines that are not JSON-RPC; the client must answer or ignore them and carry on.
    for (const junk of ['this is not json', '{"broken": ', '[1, 2, 3]', '42', 'null', '\u0000\u0001 binary-ish']) {
      process.stdout.write(`${junk}\n`);
    }
    await turn.say('Still here after the garbage.\n');
    return 'end_turn';
  },

  async write(turn, args, rest) {
    const target = args[0];
    if (!target) return usage(turn, 'write PATH TEXT');
    // TEXT is everything after the path, spaces included.
    const text = rest.replace(/^\S+\s+/, '').replace(/^\S+ ?/, '');
    const abs = path.resolve(turn.cwd, target);
    try {
      await turn.writeFile(abs, text);
      await turn.say(`Wrote ${target} (${Buffer.byteLength(text)} bytes).\n`);
    } catch (err) {
      await turn.say(`Could not write ${target}: ${errorText(err)}\n`);
    }
    return 'end_turn';
  },

  /**
   * Writes PATH itself, with Node's fs, as real agents do (they never ask through fs/*): only the
   * operating system's sandbox can stop this one. The outcome is reported as a failed or completed
   * tool call, like a real agent's Write tool.
   */
  async sneak(turn, args, rest) {
    const target = args[0];
    if (!target) return usage(turn, 'sneak PATH TEXT');
    const text = rest.replace(/^\S+\s+/, '').replace(/^\S+ ?/, '');
    const abs = path.resolve(turn.cwd, target);
    await turn.directWrite(abs, text);
    return 'end_turn';
  },

  async read(turn, args) {
    const target = args[0];
    if (!target) return usage(turn, 'read PATH');
    try {
      await turn.say(await turn.readFile(path.resolve(turn.cwd, target)));
    } catch (err) {
      await turn.say(`Could not read ${target}: ${errorText(err)}\n`);
    }
    return 'end_turn';
  },

  async run(turn, args) {
    const [command, ...cmdArgs] = args;
    if (!command) return usage(turn, 'run CMD [ARGS...]');
    try {
      const result = await turn.runCommand(command, cmdArgs, `Run ${args.join(' ')}`);
      await turn.say(result.output);
      await turn.say(`\n[exit code ${result.exitCode ?? 'unknown'}]\n`);
    } catch (err) {
      turn.checkpoint(); // a cancelled turn answers `cancelled`, not an error message
      await turn.say(`Could not run ${command}: ${errorText(err)}\n`);
    }
    return 'end_turn';
  },

  async escape(turn) {
    const outside = path.resolve(turn.cwd, '..', 'escaped-by-demo-agent.txt');
    try {
      await turn.writeFile(outside, 'The demo agent got out of its working directory.\n');
      await turn.say(`I wrote ${outside}, outside my working directory. The client should have refused.\n`);
    } catch (err) {
      await turn.say(`The client refused to let me write outside my working directory: ${errorText(err)}\n`);
    }
    return 'end_turn';
  },

  /**
   * Asks permission for an edit of PATH… (sent as given, absolute or relative, as the tool call's
   * locations) and says which option the client chose; writes nothing, so only the answer matters.
   */
  async 'ask-edit'(turn, args) {
    if (args.length === 0) return usage(turn, 'ask-edit PATH...');
    const toolCallId = `ask-edit-${turn.number}`;
    const title = `Edit ${args.join(', ')}`;
    const locations = args.map((p) => ({ path: p }));
    await turn.update({ sessionUpdate: 'tool_call', toolCallId, title, kind: 'edit', status: 'pending', locations });
    const choice = await turn.askPermission({ toolCallId, title, kind: 'edit', status: 'pending', locations }, [
      { optionId: 'allow_once', name: 'Allow once', kind: 'allow_once' },
      { optionId: 'allow_always', name: 'Always allow', kind: 'allow_always' },
      { optionId: 'reject_once', name: 'Reject', kind: 'reject_once' },
    ]);
    await turn.update({ sessionUpdate: 'tool_call_update', toolCallId, status: choice === 'reject_once' ? 'failed' : 'completed' });
    await turn.say(`Permission for "${title}": ${choice}.\n`);
    return 'end_turn';
  },

  /** One message of MB mebibytes: over the 32 MiB limit, the client must drop the connection. */
  async huge(turn, args) {
    const mb = count(args[0], 33);
    await turn.say('x'.repeat(mb * 1024 * 1024), { record: false });
    return 'end_turn';
  },

  /** Says the model, mode and effort the session runs with, so a test sees what reached the agent. */
  async settings(turn) {
    await turn.say(`Settings: ${settingsLine(turn.sessionId)}\n`);
    return 'end_turn';
  },

  /** Asks the client to fill in DEMO_FORM and says what came back (action and content). */
  async 'ask-form'(turn) {
    if (!turn.clientCapabilities.elicitation?.form) return sayAndEnd(turn, 'The client does not take forms.\n');
    const res = await turn.askForm('Tell the demo agent about your order', DEMO_FORM);
    // Like a refused permission, a dismissed form ends the turn: the client answers `cancel` when its turn is cancelled.
    if (res === 'withdrawn' || res.action === 'cancel') throw new TurnCancelled();
    const content = res.action === 'accept' ? ` ${JSON.stringify(res.content ?? {})}` : '';
    return sayAndEnd(turn, `Form answered: ${res.action}${content}\n`);
  },

  /** Asks the client to send the person to a page (URL mode, which Switchboard declines) and says the answer. */
  async 'ask-url'(turn) {
    const res = await turn.client.request(acp.methods.client.elicitation.create, {
      mode: 'url',
      sessionId: turn.sessionId,
      elicitationId: `demo-url-${turn.number}`,
      url: 'https://example.invalid/authorize',
      message: 'Open this page to authorize the demo agent',
    });
    return sayAndEnd(turn, `URL form answered: ${res.action}\n`);
  },

  /** Asks for DEMO_FORM, then withdraws it after MS milliseconds ($/cancel_request), as an agent that gave up. */
  async 'abandon-form'(turn, args) {
    const withdraw = AbortSignal.timeout(count(args[0], 500));
    const res = await turn.askForm('A question the demo agent will give up on', DEMO_FORM, withdraw);
    return sayAndEnd(turn, res === 'withdrawn' ? 'I withdrew the form.\n' : `Form answered before I withdrew it: ${res.action}\n`);
  },

  /** Says which MCP servers this session was given (names, commands, value fingerprints); logs the values on stderr. */
  async mcp(turn) {
    process.stderr.write(mcpValuesForStderr(turn.sessionId));
    await turn.say(describeMcpServers(turn.sessionId));
    return 'end_turn';
  },

  async think(turn) {
    await turn.think('Thinking about the question, step by step.');
    await turn.say('I thought about it.\n');
    return 'end_turn';
  },
};

/** The form `ask-form` sends: one field of each kind a client must handle. */
const DEMO_FORM = {
  type: 'object' as const,
  properties: {
    name: { type: 'string' as const, title: 'Name', minLength: 1, maxLength: 40 },
    count: { type: 'number' as const, title: 'How many', minimum: 1, maximum: 10 },
    confirm: { type: 'boolean' as const, title: 'Confirm the order' },
    color: { type: 'string' as const, title: 'Colour', enum: ['red', 'green', 'blue'] },
  },
  required: ['name'],
};

async function sayAndEnd(turn: DemoTurn, text: string): Promise<StopReason> {
  await turn.say(text);
  return 'end_turn';
}

async function usage(turn: DemoTurn, form: string): Promise<StopReason> {
  await turn.say(`Usage: ${form}\n`);
  return 'end_turn';
}

/** The handler for the prompt's control word, or null for the default task. */
export function controlWordHandler(prompt: string): ((turn: DemoTurn) => Promise<StopReason>) | null {
  const rest = prompt.trim();
  const [word, ...args] = rest.split(/\s+/);
  const key = (word ?? '').toLowerCase();
  const handler = Object.hasOwn(handlers, key) ? handlers[key] : undefined;
  if (!handler) return null;
  return (turn) => handler(turn, args, rest);
}
