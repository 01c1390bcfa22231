// session/request_permission: delegated to the host, and answered `cancelled` by us when the
// turn is cancelled or the agent goes away (ACP requires the client to do so).
import { PermissionOptionSchema, type PermissionOption } from '../protocol/entities.js';
import type { AgentHost, PermissionAnswer } from './agentHost.js';
import type { ToolCallMemory } from './toolCallMemory.js';

export interface PermissionParams {
  sessionId: string;
  toolCall: unknown;
  options: unknown[];
}

export class PermissionRelay {
  private readonly pending = new Map<string, Set<AbortController>>();

  constructor(
    private readonly host: AgentHost,
    /** Earlier updates of the same tool call, folded into the request so the policy sees every path. */
    private readonly memory: ToolCallMemory,
  ) {}

  /** `requestSignal` aborts when the agent withdraws the request ($/cancel_request) or the connection closes. */
  async ask(params: PermissionParams, requestSignal: AbortSignal): Promise<PermissionAnswer> {
    const options: PermissionOption[] = [];
    for (const o of params.options) {
      const parsed = PermissionOptionSchema.safeParse(o);
      if (parsed.success) options.push({ optionId: parsed.data.optionId, name: parsed.data.name, kind: parsed.data.kind });
    }
    const toolCall = this.memory.complete(
      typeof params.toolCall === 'object' && params.toolCall !== null ? { ...(params.toolCall as Record<string, unknown>) } : {},
    );

    const controller = new AbortController();
    const forward = () => controller.abort();
    requestSignal.addEventListener('abort', forward, { once: true });
    const set = this.pending.get(params.sessionId) ?? new Set<AbortController>();
    set.add(controller);
    this.pending.set(params.sessionId, set);

    const cancelled = new Promise<PermissionAnswer>((resolve) => {
      if (controller.signal.aborted) resolve({ outcome: 'cancelled' });
      controller.signal.addEventListener('abort', () => resolve({ outcome: 'cancelled' }), { once: true });
    });
    try {
      const answer = await Promise.race([
        this.host.requestPermission({ toolCall, options, acpSessionId: params.sessionId, signal: controller.signal }),
        cancelled,
      ]);
      if (answer.outcome === 'selected' && !options.some((o) => o.optionId === answer.optionId)) {
        return { outcome: 'cancelled' }; // an answer the agent did not offer would confuse it
      }
      return answer.outcome === 'selected' ? { outcome: 'selected', optionId: answer.optionId } : { outcome: 'cancelled' };
    } catch {
      return { outcome: 'cancelled' };
    } finally {
      requestSignal.removeEventListener('abort', forward);
      set.delete(controller);
      if (set.size === 0) this.pending.delete(params.sessionId);
    }
  }

  /** Answers every pending request of the session `cancelled`. */
  cancelSession(acpSessionId: string): void {
    for (const c of this.pending.get(acpSessionId) ?? []) c.abort();
  }

  cancelAll(): void {
    for (const set of this.pending.values()) for (const c of set) c.abort();
  }
}
