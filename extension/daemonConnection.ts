// The one thing every part of the extension (tree, status bar, commands, chat panels) needs from
// the daemon: a typed client for requests and ONE shared event feed per window. Consumers code
// against this interface; `extension/connection/liveConnection.ts` implements it and
// `extension/extension.ts` hands the single instance to everybody.
//
// Contract of the feed:
// - `onEvent` delivers every daemon event once, in ascending `seq`, from the moment the
//   connection first went live (it does NOT replay history from seq 0: a consumer that needs a
//   session's history fetches it with `client.api.listEvents({ query: { session, since } })`
//   and then drops live events whose `seq` it has already seen).
// - Across drops and daemon restarts the feed resumes from `lastSeq`, so nothing is missed and
//   nothing repeats. Only when the daemon's event log itself was replaced (a different state
//   dir, a wiped database: the new head is below `lastSeq`) does `onDidReset` fire; consumers
//   then reload everything they show from the client.
import type * as vscode from 'vscode';
import type { SwitchboardClient } from '../daemon/protocol/client.js';
import type { Discovery } from '../daemon/protocol/discovery.js';
import type { StreamEvent } from '../daemon/protocol/eventStream.js';

/** `starting`: looking for or spawning the daemon; `up`: client usable and feed live; `down`: not reachable. */
export type DaemonState = 'up' | 'down' | 'starting';

/** An event as the feed delivers it: the loose envelope (`type` may be newer than this build). */
export type DaemonEvent = StreamEvent;

export interface DaemonConnection {
  readonly state: DaemonState;
  /** Null unless a daemon has been found; may still be non-null briefly after it died (calls then reject). */
  readonly client: SwitchboardClient | null;
  readonly discovery: Discovery | null;
  /** The daemon's state dir (`switchboard.stateDir`, else `$SWITCHBOARD_HOME`, else `~/.switchboard`). */
  readonly stateDir: string;
  /** Highest `seq` delivered through `onEvent` so far (0 before the feed went live). */
  readonly lastSeq: number;
  readonly onDidChangeState: vscode.Event<DaemonState>;
  readonly onEvent: vscode.Event<DaemonEvent>;
  /** The feed is live (after every (re)connect); the argument is `lastSeq` at that moment. */
  readonly onDidGoLive: vscode.Event<number>;
  /** The daemon's event log was replaced: drop cached data and reload it from `client`. */
  readonly onDidReset: vscode.Event<void>;
  /** Resolves with a usable client once the daemon is up (rejects after `timeoutMs`, default 30 s). */
  whenUp(timeoutMs?: number): Promise<SwitchboardClient>;
}
