// The default commit message of a merge: what the person asked for (prompt and follow-ups) and
// what the agent planned, so the base branch's history says why the change exists. Pure.
import type { PlanEntry, Session } from '../protocol/entities.js';
import type { MergeStrategy } from '../protocol/reviewEntities.js';

const SUBJECT_MAX = 72;
const PROMPT_MAX = 2000;

export interface MergeMessageInput {
  session: Pick<Session, 'id' | 'shortId' | 'title' | 'prompt' | 'agent' | 'branch'>;
  strategy: MergeStrategy;
  /** Prompts of the turns after the first, in order. */
  followups: readonly string[];
  /** The agent's latest plan, if it made one. */
  plan: readonly PlanEntry[] | null;
}

export function defaultMergeMessage(input: MergeMessageInput): string {
  const { session, strategy, followups, plan } = input;
  const title = oneLine(session.title) || `session ${session.shortId}`;
  const subject = strategy === 'merge' ? `Merge ${session.branch ?? `session ${session.shortId}`}: ${title}` : title;
  const paragraphs = [clip(subject, SUBJECT_MAX)];

  const prompt = session.prompt.trim();
  if (prompt !== '' && prompt !== title) paragraphs.push(clip(prompt, PROMPT_MAX));
  const asks = followups.map((f) => oneLine(f)).filter((f) => f !== '');
  if (asks.length > 0) paragraphs.push(['Follow-ups:', ...asks.map((f) => `- ${clip(f, 200)}`)].join('\n'));
  if (plan && plan.length > 0) {
    paragraphs.push(['Plan:', ...plan.map((e) => `- [${e.status === 'completed' ? 'x' : ' '}] ${clip(oneLine(e.content), 200)}`)].join('\n'));
  }
  paragraphs.push(`Switchboard-Session: ${session.id}\nSwitchboard-Agent: ${session.agent}`);
  return paragraphs.join('\n\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
