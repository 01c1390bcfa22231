// Pure: a session's events → a readable Markdown transcript and the latest plan. Streaming
// chunks are stored one by one; here consecutive chunks of one kind are joined.
import type { PlanEntry } from '../protocol/entities.js';
import type { SwitchboardEvent } from '../protocol/events.js';

type Block = { kind: 'user' | 'agent' | 'thought' | 'tool' | 'note'; text: string };

export function transcriptMarkdown(title: string, events: Iterable<SwitchboardEvent>): string {
  const blocks: Block[] = [];
  const push = (kind: Block['kind'], text: string, join: boolean): void => {
    const last = blocks[blocks.length - 1];
    if (join && last && last.kind === kind) last.text += text;
    else blocks.push({ kind, text });
  };
  for (const e of events) {
    switch (e.type) {
      case 'turn.started':
        push('user', e.payload.prompt, false);
        break;
      case 'agent.message_chunk':
        push('agent', e.payload.text, true);
        break;
      case 'agent.thought_chunk':
        push('thought', e.payload.text, true);
        break;
      case 'tool_call':
        push('tool', `${e.payload.kind ?? 'tool'}: ${e.payload.title ?? e.payload.toolCallId}`, false);
        break;
      case 'permission.answered':
        push('note', `permission ${e.payload.outcome === 'selected' ? `answered (${e.payload.optionKind ?? e.payload.optionId})` : 'cancelled'} by ${e.payload.answeredBy}`, false);
        break;
      case 'file.written':
        push('note', `wrote ${e.payload.path} (${e.payload.bytes} bytes)`, false);
        break;
      case 'file.refused':
        push('note', `refused ${e.payload.operation} of ${e.payload.path}: ${e.payload.reason}`, false);
        break;
      case 'turn.ended':
        push('note', `turn ${e.payload.index + 1} ended: ${e.payload.stopReason ?? e.payload.error ?? 'unknown'}`, false);
        break;
      case 'context.reset':
        push('note', `context reset: ${e.payload.reason}`, false);
        break;
      default:
        break;
    }
  }
  const heading: Record<Block['kind'], string> = { user: '## You', agent: '## Agent', thought: '### Thinking', tool: '- Tool', note: '- ' };
  const out = [`# ${title}`, ''];
  for (const b of blocks) {
    if (b.kind === 'tool') out.push(`- Tool ${b.text}`);
    else if (b.kind === 'note') out.push(`- ${b.text}`);
    else out.push(heading[b.kind], '', b.text.trim(), '');
  }
  return `${out.join('\n')}\n`;
}

export function planMarkdown(entries: readonly PlanEntry[]): string {
  const box = (s: string | undefined): string => (s === 'completed' ? '[x]' : s === 'in_progress' ? '[~]' : '[ ]');
  return `# Plan\n\n${entries.map((e) => `- ${box(e.status)} ${e.content}`).join('\n')}\n`;
}

/** A compact summary that primes a new agent session when the old one cannot be loaded. */
export function resumeSummary(events: Iterable<SwitchboardEvent>, maxChars = 8000): string {
  const md = transcriptMarkdown('Previous conversation', events);
  return md.length <= maxChars ? md : `…${md.slice(md.length - maxChars)}`;
}
