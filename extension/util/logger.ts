// What the extension's parts need to write to the "Switchboard" output channel. A
// `vscode.LogOutputChannel` fits it structurally; unit tests pass a silent one.
export interface Logger {
  trace(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error): void;
}

export const silentLogger: Logger = {
  trace: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** An error as one line for the log or a notification, never a stack dumped on the user. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
