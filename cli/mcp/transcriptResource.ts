// Session transcripts as MCP resources, `switchboard://sessions/{id}/transcript`: the session's
// facts as `sessions show` prints them, then its stored events as `send --wait` prints them live
// (EventPrinter: the agent's streamed text joined, one line for everything else). Listing names
// every session that is not archived.
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { SwitchboardClient } from '../../daemon/protocol/client.js';
import type { Session } from '../../daemon/protocol/entities.js';
import { sessionFacts } from '../commands/sessionCommands.js';
import { EventPrinter } from '../eventPrinter.js';
import type { DaemonAccess } from './daemonAccess.js';
import { sessionEvents } from './sessionEvents.js';
import { projectSlugs } from './sessionViews.js';
import { plainError } from './toolKit.js';

export const TRANSCRIPT_TEMPLATE = 'switchboard://sessions/{id}/transcript';

export function transcriptUri(sessionId: string): string {
  return TRANSCRIPT_TEMPLATE.replace('{id}', encodeURIComponent(sessionId));
}

/** The session's transcript as plain text. */
export async function transcriptText(client: SwitchboardClient, session: Session): Promise<string> {
  let text = `# ${session.title}\n\n${sessionFacts(session)}\n`;
  const printer = new EventPrinter((t) => (text += t));
  for await (const e of sessionEvents(client, session.id)) printer.print(e);
  printer.flush();
  return text;
}

export function registerTranscriptResource(server: McpServer, access: DaemonAccess): void {
  const template = new ResourceTemplate(TRANSCRIPT_TEMPLATE, {
    list: () =>
      inPlainWords(async () => {
        const client = access.client();
        const [{ sessions }, slugs] = await Promise.all([client.api.listSessions({ query: {} }), projectSlugs(client)]);
        return {
          resources: sessions.map((s) => ({
            uri: transcriptUri(s.id),
            name: `session ${s.shortId} transcript`,
            title: s.title,
            description: `${s.agent} ${s.action} in ${slugs.get(s.projectId) ?? s.projectId}, ${s.state}`,
            mimeType: 'text/plain',
          })),
        };
      }),
  });
  server.registerResource(
    'session-transcript',
    template,
    { title: 'Session transcript', description: "A Switchboard session's transcript: its facts, then what the agent said and did, event by event.", mimeType: 'text/plain' },
    (uri, variables) =>
      inPlainWords(async () => {
        const raw = variables['id'];
        const id = decodeURIComponent(Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? ''));
        const client = access.client();
        const { session } = await client.api.getSession({ params: { id } });
        return { contents: [{ uri: uri.href, mimeType: 'text/plain', text: await transcriptText(client, session) }] };
      }),
  );
}

/** Resource reads fail as JSON-RPC errors (resources have no error result): with the same plain words as the tools. */
async function inPlainWords<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw new Error(plainError(err));
  }
}
