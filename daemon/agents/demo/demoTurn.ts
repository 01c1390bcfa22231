// What one prompt turn of the demo agent can do: talk, plan, use the client's fs and terminals,
// and notice a cancel. Every notification is awaited, so a flood is paced by the pipe.
import fs from 'node:fs';
import path from 'node:path';
import * as acp from '@agentclientprotocol/sdk';

/** Thrown at a checkpoint once the turn was cancelled; the prompt then answers `cancelled`. */
export class TurnCancelled extends Error {
  constructor() {
    super('turn cancelled');
  }
}

export interface DemoPlanEntry {
  content: string;
  status: 'pending' | 'in_progress' | 'completed';
}

export class DemoTurn {
  /** The agent's words this turn, for the history file. */
  reply = '';

  constructor(
    readonly client: acp.AgentContext,
    readonly sessionId: string,
    readonly cwd: string,
    readonly signal: AbortSignal,
    readonly clientCapabilities: acp.ClientCapabilities,
    /** 1 for the session's first turn. */
    readonly number: number,
  ) {}

  checkpoint(): void {
    if (this.signal.aborted) throw new TurnCancelled();
  }

  async update(update: acp.SessionUpdate): Promise<void> {
    await this.client.notify(acp.methods.client.session.update, { sessionId: this.sessionId, update });
  }

  async say(text: string, opts: { record?: boolean } = {}): Promise<void> {
    if (opts.record !== false) this.reply += text;
    await this.update({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text } });
  }

  async think(text: string): Promise<void> {
    await this.update({ sessionUpdate: 'agent_thought_chunk', content: { type: 'text', text } });
  }

  async plan(entries: DemoPlanEntry[]): Promise<void> {
    await this.update({ sessionUpdate: 'plan', entries: entries.map((e) => ({ ...e, priority: 'medium' as const })) });
  }

  /** Waits `ms`, or throws TurnCancelled as soon as the turn is cancelled. */
  async sleep(ms: number): Promise<void> {
    this.checkpoint();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      this.signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
    this.checkpoint();
  }

  /** Asks the client; a `cancelled` outcome cancels the turn. Returns the chosen option id. */
  async askPermission(toolCall: acp.ToolCallUpdate, options: acp.PermissionOption[]): Promise<string> {
    const res = await this.client.request(
      acp.methods.client.session.requestPermission,
      { sessionId: this.sessionId, toolCall, options },
      { cancellationSignal: this.signal },
    );
    if (res.outcome.outcome !== 'selected') throw new TurnCancelled();
    return res.outcome.optionId;
  }

  /**
   * Asks the client to fill in a form (elicitation/create, form mode). `withdraw` aborting sends
   * $/cancel_request and answers `withdrawn` without waiting; a cancelled turn does the same.
   */
  async askForm(message: string, requestedSchema: acp.ElicitationSchema, withdraw?: AbortSignal): Promise<acp.CreateElicitationResponse | 'withdrawn'> {
    const signal = withdraw ? AbortSignal.any([this.signal, withdraw]) : this.signal;
    try {
      return await this.client.request(
        acp.methods.client.elicitation.create,
        { mode: 'form', sessionId: this.sessionId, message, requestedSchema },
        { cancellationSignal: signal, stopWaitingOnCancel: true },
      );
    } catch (err) {
      this.checkpoint();
      if (withdraw?.aborted) return 'withdrawn';
      throw err;
    }
  }

  /** Resolves with `work`, or runs `onCancel` and throws TurnCancelled if the turn is cancelled first. */
  private async untilCancelled<T>(work: Promise<T>, onCancel: () => Promise<unknown>): Promise<T> {
    this.checkpoint();
    const signal = this.signal;
    let stopListening = (): void => undefined;
    const aborted = new Promise<'aborted'>((resolve) => {
      const onAbort = () => resolve('aborted');
      signal.addEventListener('abort', onAbort, { once: true });
      stopListening = () => signal.removeEventListener('abort', onAbort);
    });
    try {
      const result = await Promise.race([work, aborted]);
      if (result !== 'aborted') return result;
      work.catch(() => undefined);
      await onCancel();
      throw new TurnCancelled();
    } finally {
      stopListening();
    }
  }

  async writeFile(absPath: string, content: string): Promise<void> {
    await this.client.request(acp.methods.client.fs.writeTextFile, { sessionId: this.sessionId, path: absPath, content });
  }

  async readFile(absPath: string): Promise<string> {
    const res = await this.client.request(acp.methods.client.fs.readTextFile, { sessionId: this.sessionId, path: absPath });
    return res.content;
  }

  /**
   * Writes a file with the agent's own fs, as real agents do, reported as an `edit` tool call that
   * completes or fails with the operating system's error (a sandbox says EROFS or EACCES).
   */
  async directWrite(absPath: string, content: string): Promise<void> {
    const toolCallId = `sneak-${this.number}`;
    await this.update({ sessionUpdate: 'tool_call', toolCallId, title: `Write ${absPath}`, kind: 'edit', status: 'in_progress', locations: [{ path: absPath }], rawInput: { file_path: absPath } });
    try {
      await fs.promises.mkdir(path.dirname(absPath), { recursive: true });
      await fs.promises.writeFile(absPath, content);
      await this.update({ sessionUpdate: 'tool_call_update', toolCallId, status: 'completed' });
      await this.say(`Wrote ${absPath} myself.\n`);
    } catch (err) {
      const message = errorText(err);
      await this.update({ sessionUpdate: 'tool_call_update', toolCallId, status: 'failed', rawOutput: { error: message } });
      await this.say(`Could not write ${absPath}: ${message}\n`);
    }
  }

  /** Runs a command in a client terminal, shown as an `execute` tool call. */
  async runCommand(command: string, args: string[], title: string): Promise<{ output: string; exitCode: number | null }> {
    const create = await this.client.request(acp.methods.client.terminal.create, {
      sessionId: this.sessionId,
      command,
      args,
      cwd: this.cwd,
    });
    const terminalId = create.terminalId;
    const toolCallId = `run-${this.number}-${terminalId}`;
    await this.update({
      sessionUpdate: 'tool_call',
      toolCallId,
      title,
      kind: 'execute',
      status: 'in_progress',
      content: [{ type: 'terminal', terminalId }],
      rawInput: { command, args },
    });
    try {
      const exit = await this.untilCancelled(
        this.client.request(acp.methods.client.terminal.waitForExit, { sessionId: this.sessionId, terminalId }),
        // A cancelled turn does not leave its command running.
        () => this.client.request(acp.methods.client.terminal.kill, { sessionId: this.sessionId, terminalId }).catch(() => undefined),
      );
      const out = await this.client.request(acp.methods.client.terminal.output, { sessionId: this.sessionId, terminalId });
      await this.update({
        sessionUpdate: 'tool_call_update',
        toolCallId,
        status: exit.exitCode === 0 ? 'completed' : 'failed',
        rawOutput: { exitCode: exit.exitCode ?? null, signal: exit.signal ?? null, truncated: out.truncated },
      });
      return { output: out.output, exitCode: exit.exitCode ?? null };
    } finally {
      await this.client.request(acp.methods.client.terminal.release, { sessionId: this.sessionId, terminalId }).catch(() => undefined);
    }
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
