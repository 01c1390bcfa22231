// The one place where errors of our request handlers become JSON-RPC errors for the agent.
import * as acp from '@agentclientprotocol/sdk';
import { FileTooLargeError, FsRefusal, TerminalError } from './errors.js';

export function toRequestError(err: unknown): acp.RequestError {
  if (err instanceof acp.RequestError) return err;
  if (err instanceof FsRefusal) {
    return new acp.RequestError(-32602, `Refused: ${err.message}`, { reason: err.reason, path: err.requestedPath });
  }
  if (err instanceof FileTooLargeError) return new acp.RequestError(-32602, err.message, { reason: err.reason });
  if (err instanceof TerminalError) {
    return err.reason === 'not_found'
      ? new acp.RequestError(-32002, err.message, { reason: err.reason })
      : new acp.RequestError(-32602, err.message, { reason: err.reason });
  }
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return new acp.RequestError(-32002, `Resource not found: ${(err as Error).message}`);
  return acp.RequestError.internalError(undefined, err instanceof Error ? err.message : String(err));
}

/** Runs a handler body and converts whatever it throws. */
export async function answering<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    throw toRequestError(err);
  }
}
