// The demo's default turn: a small, plausible coding task that exercises every client feature a
// session UI shows — thought, plan, streamed text, an edit behind a permission, a diff, a command.
import path from 'node:path';
import type { DemoPlanEntry, DemoTurn } from './demoTurn.js';
import { errorText } from './demoTurn.js';

const FILE = 'hello.txt';

function planAt(step: number): DemoPlanEntry[] {
  const steps = [`Write ${FILE}`, 'Check the Node.js version', 'Summarize the change'];
  return steps.map((content, i) => ({
    content,
    status: i < step ? 'completed' : i === step ? 'in_progress' : 'pending',
  }));
}

export async function runDefaultTask(turn: DemoTurn): Promise<'end_turn'> {
  const target = path.join(turn.cwd, FILE);
  const caps = turn.clientCapabilities;

  await turn.think(`The workspace needs a greeting. I will update ${FILE} and check the toolchain.`);
  await turn.plan(planAt(0));
  for (const part of ['I will ', `update ${FILE} `, 'with a greeting ', 'and then run a quick check.\n']) {
    await turn.say(part);
    turn.checkpoint();
  }

  // What is there now decides between creating the file and appending a line to it.
  let oldText: string | null = null;
  if (caps.fs?.readTextFile) oldText = await turn.readFile(target).catch(() => null);
  const line = oldText === null ? `Hello from the demo agent (turn ${turn.number})\n` : `Hello again (turn ${turn.number})\n`;
  const newText = (oldText ?? '') + line;

  const toolCallId = `write-${turn.number}`;
  const title = oldText === null ? `Create ${FILE}` : `Edit ${FILE}`;
  await turn.update({
    sessionUpdate: 'tool_call',
    toolCallId,
    title,
    kind: 'edit',
    status: 'pending',
    locations: [{ path: target }],
    rawInput: { path: target, content: newText },
  });
  // The request names its file, as real agents' do: a policy cannot approve an edit of nothing known.
  const choice = await turn.askPermission({ toolCallId, title, kind: 'edit', status: 'pending', locations: [{ path: target }] }, [
    { optionId: 'allow_once', name: 'Allow once', kind: 'allow_once' },
    { optionId: 'allow_always', name: 'Always allow', kind: 'allow_always' },
    { optionId: 'reject_once', name: 'Reject', kind: 'reject_once' },
  ]);
  turn.checkpoint();
  if (choice === 'reject_once') {
    await turn.update({ sessionUpdate: 'tool_call_update', toolCallId, status: 'failed' });
    await turn.say(`Permission denied: I did not touch ${FILE}.\n`);
    return 'end_turn';
  }

  if (!caps.fs?.writeTextFile) {
    await turn.say(`The client does not offer fs/write_text_file, so I cannot edit ${FILE}.\n`);
    return 'end_turn';
  }
  try {
    await turn.writeFile(target, newText);
  } catch (err) {
    await turn.update({ sessionUpdate: 'tool_call_update', toolCallId, status: 'failed' });
    await turn.say(`The client refused the write: ${errorText(err)}\n`);
    return 'end_turn';
  }
  await turn.update({
    sessionUpdate: 'tool_call_update',
    toolCallId,
    status: 'completed',
    content: [{ type: 'diff', path: target, oldText, newText }],
  });
  await turn.plan(planAt(1));
  turn.checkpoint();

  let check = 'skipped (the client offers no terminal)';
  if (caps.terminal) {
    try {
      // The agent's own Node: present wherever the agent runs, unlike a bare `node` on PATH.
      const run = await turn.runCommand(process.execPath, ['--version'], 'Check the Node.js version');
      check = `exit code ${run.exitCode ?? 'unknown'}`;
    } catch (err) {
      turn.checkpoint();
      check = `failed: ${errorText(err)}`;
    }
  }
  turn.checkpoint();
  await turn.plan(planAt(3));
  await turn.say(`Done. ${oldText === null ? 'Created' : 'Updated'} ${FILE} (turn ${turn.number}); node --version: ${check}.\n`);
  return 'end_turn';
}
