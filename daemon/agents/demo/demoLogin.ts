// The demo agent's login, played the way real agents do it, so clients can be tested against the
// whole flow offline. With DEMO_AGENT_REQUIRE_AUTH=1 it has no credentials: session/new answers
// -32000 until a marker file exists in its HOME. Two ways in:
// - `demo-login` (ACP `type: "terminal"`): a person runs `demo-agent.cjs --login` in a terminal,
//   presses Enter at its prompt, and it writes the marker (what `claude /login` does with its token);
// - `demo-token` (the default `agent` type): `authenticate` logs in with DEMO_AGENT_TOKEN from the
//   agent's environment, or refuses in words a person can act on.
// `logout` removes the marker.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import * as acp from '@agentclientprotocol/sdk';
import { historyDir } from './history.js';

export const requireAuth = process.env.DEMO_AGENT_REQUIRE_AUTH === '1';
const loginMarker = path.join(path.dirname(historyDir(process.env)), 'logged-in');

export const DEMO_AUTH_METHODS = [
  { type: 'terminal' as const, id: 'demo-login', name: 'Demo login', description: 'Run the demo agent with --login in a terminal', args: ['--login'] },
  { id: 'demo-token', name: 'Demo token', description: 'The agent logs in with DEMO_AGENT_TOKEN from its environment' },
];

export function loggedIn(): boolean {
  return existsSync(loginMarker);
}

function writeMarker(how: string): void {
  mkdirSync(path.dirname(loginMarker), { recursive: true });
  writeFileSync(loginMarker, `${how} ${new Date().toISOString()}\n`);
}

/** `demo-agent --login`: asks for Enter on the terminal (a person is there), then logs in and exits 0. */
export function runTerminalLogin(): void {
  process.stdout.write('Demo agent login. Press Enter to log in (Ctrl+C to give up): ');
  const rl = createInterface({ input: process.stdin });
  rl.once('line', () => {
    writeMarker('terminal');
    process.stdout.write('Logged in to the demo agent.\n');
    process.exit(0);
  });
  rl.once('close', () => {
    process.stdout.write('\nNo answer; not logged in.\n');
    process.exit(1);
  });
}

/** ACP `authenticate`: refused (an error the client shows) unless the method can log in now. */
export function authenticate(methodId: string): void {
  if (methodId === 'demo-token') {
    if (!process.env.DEMO_AGENT_TOKEN) throw new acp.RequestError(-32000, 'DEMO_AGENT_TOKEN is not set in the agent environment');
    writeMarker('token');
    return;
  }
  if (methodId === 'demo-login') {
    // A terminal login happens outside the connection; all the agent can do is check its result.
    if (!loggedIn()) throw new acp.RequestError(-32000, 'not logged in: run the demo agent with --login in a terminal first');
    return;
  }
  throw acp.RequestError.invalidParams(undefined, `unknown auth method "${methodId}"`);
}

export function logout(): void {
  rmSync(loginMarker, { force: true });
}
