// Typed errors of the containers layer. Callers branch on `reason`, never on message text; the
// HTTP layer maps reasons to protocol codes in the one error table, daemon/sessions/errorTable.ts.

export type ContainerErrorReason =
  /** No Docker engine answers at DOCKER_HOST / the default socket. */
  | 'engine_unreachable'
  /** The image a template or the computer needs is not built yet. */
  | 'image_missing'
  | 'not_found'
  /** A request that cannot be honoured as asked (a bad runtime spec, a path too long for a socket). */
  | 'invalid'
  /** The engine refused or failed an operation (create, start, exec, build). */
  | 'engine_failed'
  /** The computer container did not answer the VNC handshake in time. */
  | 'not_ready'
  | 'conflict'
  | 'build_failed';

export class ContainerError extends Error {
  override readonly name = 'ContainerError';

  constructor(
    readonly reason: ContainerErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static is(err: unknown, reason?: ContainerErrorReason): err is ContainerError {
    return err instanceof ContainerError && (reason === undefined || err.reason === reason);
  }
}
