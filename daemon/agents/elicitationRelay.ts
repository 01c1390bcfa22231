// elicitation/create: form-mode requests are delegated to the host and answered `cancel` by us when
// the turn is cancelled, the agent withdraws the request ($/cancel_request) or goes away. URL mode
// and request-scoped forms (outside any session) are not supported: they are declined, and logged.
import { z } from 'zod';
import type { AgentEvent, AgentHost, ElicitationAnswer } from './agentHost.js';

/** What we read of the agent's request; anything else in it is ignored. */
const FormRequestSchema = z.object({
  mode: z.literal('form'),
  sessionId: z.string().min(1),
  message: z.string(),
  requestedSchema: z.record(z.string(), z.unknown()),
});

export class ElicitationRelay {
  private readonly pending = new Map<string, Set<AbortController>>();

  constructor(
    private readonly host: AgentHost,
    private readonly emit: (e: AgentEvent, acpSessionId: string | null) => void,
  ) {}

  /** `requestSignal` aborts when the agent withdraws the request or the connection closes. */
  async ask(params: unknown, requestSignal: AbortSignal): Promise<ElicitationAnswer> {
    const form = FormRequestSchema.safeParse(params);
    if (!form.success || !this.host.requestElicitation) return this.decline(params);
    const acpSessionId = form.data.sessionId;
    const controller = new AbortController();
    const forward = () => controller.abort();
    requestSignal.addEventListener('abort', forward, { once: true });
    if (requestSignal.aborted) controller.abort();
    const set = this.pending.get(acpSessionId) ?? new Set<AbortController>();
    set.add(controller);
    this.pending.set(acpSessionId, set);
    const cancelled = new Promise<ElicitationAnswer>((resolve) => {
      if (controller.signal.aborted) resolve({ action: 'cancel' });
      controller.signal.addEventListener('abort', () => resolve({ action: 'cancel' }), { once: true });
    });
    try {
      const ask = { acpSessionId, message: form.data.message, requestedSchema: form.data.requestedSchema, signal: controller.signal };
      return await Promise.race([this.host.requestElicitation(ask), cancelled]);
    } catch {
      return { action: 'cancel' };
    } finally {
      requestSignal.removeEventListener('abort', forward);
      set.delete(controller);
      if (set.size === 0) this.pending.delete(acpSessionId);
    }
  }

  /** Answers every pending form of the session `cancel`. */
  cancelSession(acpSessionId: string): void {
    for (const c of this.pending.get(acpSessionId) ?? []) c.abort();
  }

  cancelAll(): void {
    for (const set of this.pending.values()) for (const c of set) c.abort();
  }

  private decline(params: unknown): ElicitationAnswer {
    const p = (typeof params === 'object' && params !== null ? params : {}) as { mode?: unknown; sessionId?: unknown };
    const mode = typeof p.mode === 'string' ? p.mode : 'unknown';
    const why = mode === 'form' ? 'a form outside any session (or one without a schema)' : `elicitation mode "${mode}"`;
    const message = `the agent asked for ${why}, which Switchboard does not support; declined`;
    this.emit({ type: 'log', payload: { level: 'warn', message } }, typeof p.sessionId === 'string' ? p.sessionId : null);
    return { action: 'decline' };
  }
}
