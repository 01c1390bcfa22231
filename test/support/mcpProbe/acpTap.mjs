// Runs an ACP agent and copies every line the client sends it to a file: how a test sees the ACP
// wire (what the daemon put in `session/new`) without standing in for either side. The agent
// gets the bytes unchanged; its output goes back unchanged.
//   node acpTap.mjs <folder to show> <command> [args…]     (the file: $SWITCHBOARD_TEST_ACP_TAP)
// The first argument is ignored here: it names a folder the sandbox must show read-only (the
// agent's node_modules when it lives under /tmp), because the daemon re-exposes folders named by
// absolute path in a template's arguments.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

const [, , , command, ...args] = process.argv;
const tapFile = process.env.SWITCHBOARD_TEST_ACP_TAP;
if (!command || !tapFile) {
  process.stderr.write('usage: SWITCHBOARD_TEST_ACP_TAP=FILE node acpTap.mjs <folder> <command> [args…]\n');
  process.exit(2);
}
const tap = fs.createWriteStream(tapFile, { flags: 'a' });
const child = spawn(command, args, { stdio: ['pipe', 'inherit', 'inherit'] });
process.stdin.on('data', (chunk) => {
  tap.write(chunk);
  child.stdin.write(chunk);
});
process.stdin.on('end', () => child.stdin.end());
child.stdin.on('error', () => undefined);
child.on('exit', (code, signal) => tap.end(() => process.exit(code ?? (signal ? 1 : 0))));
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => child.kill(sig));
