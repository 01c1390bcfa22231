// Reading a JSON request body with a byte cap. The cap is enforced while streaming, so an
// oversized body is refused without ever being held in memory.
import type { IncomingMessage } from 'node:http';
import { SwitchboardError } from '../protocol/errors.js';

/** Whether the request carries a body at all (a declared length above zero, or chunked). */
export function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const len = req.headers['content-length'];
  return len !== undefined && len !== '0';
}

/** The parsed body, or undefined when there is none. Throws 400/413 SwitchboardErrors. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (!hasBody(req)) return undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new SwitchboardError('invalid_request', 'the request body must be JSON (Content-Type: application/json)');
  }
  if (req.headers['content-encoding'] !== undefined && req.headers['content-encoding'] !== 'identity') {
    throw new SwitchboardError('invalid_request', 'compressed request bodies are not accepted');
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);

  const raw = await collect(req, maxBytes);
  if (raw.length === 0) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new SwitchboardError('invalid_request', 'the request body is not valid UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SwitchboardError('invalid_request', 'the request body is not valid JSON');
  }
}

function tooLarge(maxBytes: number): SwitchboardError {
  return new SwitchboardError('payload_too_large', `the request body exceeds ${maxBytes} bytes`, undefined, { maxBytes });
}

function collect(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop reading: the rest stays in the socket, which closes after the 413 is sent.
        cleanup();
        req.pause();
        chunks.length = 0;
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onClose = (): void => {
      cleanup();
      reject(new SwitchboardError('invalid_request', 'the client closed the connection before sending the whole body'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
