// The environment a daemon started by this window gets: the host's, minus what only makes sense
// inside this window (VS Code's IPC handles and Electron switches), since the daemon outlives it.
export function daemonEnv(parent: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(parent)) {
    if (/^(VSCODE_|ELECTRON_)/.test(k)) continue;
    env[k] = v;
  }
  return env;
}
