// The client's byte stream to an agent. session/update notifications are taken out here, in
// the order they arrive: the SDK neither awaits notification handlers (so order is not
// guaranteed past the first await) nor accepts update variants newer than its schema.
import { Readable, Writable } from 'node:stream';
import * as acp from '@agentclientprotocol/sdk';
import type { AnyMessage } from '@agentclientprotocol/sdk';

const SESSION_UPDATE = acp.methods.client.session.update;

function isSessionUpdate(message: AnyMessage): message is AnyMessage & { method: string; params?: unknown } {
  return 'method' in message && message.method === SESSION_UPDATE && !('id' in message);
}

export function agentStream(
  stdio: { stdin: Writable; stdout: Readable },
  onSessionUpdate: (params: unknown) => void,
): acp.Stream {
  const raw = acp.ndJsonStream(
    Writable.toWeb(stdio.stdin) as WritableStream<Uint8Array>,
    Readable.toWeb(stdio.stdout) as ReadableStream<Uint8Array>,
  );
  const readable = raw.readable.pipeThrough(
    new TransformStream<AnyMessage, AnyMessage>({
      transform(message, controller) {
        if (isSessionUpdate(message)) onSessionUpdate(message.params);
        else controller.enqueue(message);
      },
    }),
  );
  return { writable: raw.writable, readable };
}
