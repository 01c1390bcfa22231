// A session's stored events, read page by page from the daemon's event log: the source of the
// transcript resource and of the agent's last message that a wait answers with.
import type { SwitchboardClient } from '../../daemon/protocol/client.js';
import { narrowEvent } from '../../daemon/protocol/eventNarrowing.js';
import type { StreamEvent } from '../../daemon/protocol/eventStream.js';

const PAGE = 1000;
/** The tail of the last message a wait answers with; the transcript resource has it whole. */
const LAST_MESSAGE_MAX_CHARS = 8000;

/** Every stored event of the session (only `types`, when given), oldest first. */
export async function* sessionEvents(client: SwitchboardClient, sessionId: string, types?: readonly string[]): AsyncGenerator<StreamEvent> {
  let since = 0;
  for (;;) {
    const page = await client.api.listEvents({ query: { session: sessionId, since, limit: PAGE, ...(types ? { type: types.join(',') } : {}) } });
    yield* page.events;
    const last = page.events.at(-1);
    if (!page.hasMore || !last) return;
    since = last.seq;
  }
}

/** What the agent said in the session's latest turn (its streamed chunks joined); null when it said nothing. */
export async function lastAgentMessage(client: SwitchboardClient, sessionId: string): Promise<string | null> {
  let text = '';
  for await (const e of sessionEvents(client, sessionId, ['turn.started', 'agent.message_chunk'])) {
    if (e.type === 'turn.started') {
      text = '';
      continue;
    }
    const chunk = narrowEvent(e, 'agent.message_chunk');
    if (chunk) text += chunk.payload.text;
  }
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return trimmed.length <= LAST_MESSAGE_MAX_CHARS ? trimmed : `…${trimmed.slice(trimmed.length - LAST_MESSAGE_MAX_CHARS)}`;
}
