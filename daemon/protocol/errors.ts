// The one error shape every route answers with, and the one place codes map to HTTP status.
import { z } from 'zod';

export const ERROR_STATUS = {
  invalid_request: 400,
  not_a_repository: 400,
  agent_not_installed: 400,
  /** A template asks for a sandbox this machine cannot make (bwrap missing or refused). */
  sandbox_unavailable: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  illegal_transition: 409,
  /** The agent refused a request it was asked to carry out (a setting it does not accept, a login that failed). */
  agent_refused: 409,
  payload_too_large: 413,
  agent_failed: 502,
  git_failed: 500,
  internal: 500,
  unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** The request field at fault, as a dotted path (`prompt`, `spawn.command`). */
    field: z.string().optional(),
    /** Extra facts a client may show (current state on illegal transitions, conflicting files…). */
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** An error that knows its code; thrown by the daemon's services and rebuilt by the client. */
export class SwitchboardError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SwitchboardError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field !== undefined ? { field: this.field } : {}),
        ...(this.details !== undefined ? { details: this.details } : {}),
      },
    };
  }

  static is(e: unknown, code?: ErrorCode): e is SwitchboardError {
    return e instanceof SwitchboardError && (code === undefined || e.code === code);
  }
}

/** Turns a zod failure into the error shape, naming the first field at fault. */
export function fromZodError(err: z.ZodError, where: 'body' | 'query' | 'params'): SwitchboardError {
  const issue = err.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  const what = field ?? where;
  const message = issue ? `${what}: ${issue.message}` : `invalid ${where}`;
  return new SwitchboardError('invalid_request', message, field);
}
