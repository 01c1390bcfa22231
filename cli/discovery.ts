// What the CLI says when no daemon answers for its state dir. Finding the daemon itself (state
// dir, discovery file, pid check) is client/'s job, shared with the extension.
import { SwitchboardError } from '../daemon/protocol/errors.js';

export const NOT_RUNNING_MESSAGE = 'the daemon is not running; start it with `switchboard daemon start`';

export function notRunning(): SwitchboardError {
  return new SwitchboardError('unavailable', NOT_RUNNING_MESSAGE);
}
