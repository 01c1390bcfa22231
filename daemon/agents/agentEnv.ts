// The environment an agent (or a terminal it runs) starts with. Inheriting the daemon's whole
// environment broke real agents (an inherited IS_SANDBOX=yes changed claude-agent-acp's
// behaviour) and would hand them the daemon's secrets, so only these variables pass through.
const PASS_THROUGH = [
  'PATH',
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'LC_CTYPE',
  'LC_MESSAGES',
  'TERM',
  'COLORTERM',
  'TZ',
  'TMPDIR',
  'TEMP',
  'TMP',
  'SHELL',
  'USER',
  'LOGNAME',
  // Corporate networks: proxies and extra CAs are machine settings, not secrets of the daemon.
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  // Windows needs these for almost any program to start.
  'SystemRoot',
  'SYSTEMROOT',
  'windir',
  'COMSPEC',
  'ComSpec',
  'PATHEXT',
  'PROGRAMFILES',
  'ProgramFiles',
  'APPDATA',
  'LOCALAPPDATA',
] as const;

/** Picks the pass-through variables out of `parent`. */
export function curatedEnv(parent: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of PASS_THROUGH) {
    const value = parent[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/** Curated base + caller variables, with HOME (and USERPROFILE on Windows) set to `home` when given. */
export function buildAgentEnv(
  parent: NodeJS.ProcessEnv,
  extra: Record<string, string>,
  home: string | undefined,
): Record<string, string> {
  const env = { ...curatedEnv(parent), ...extra };
  const effectiveHome = home ?? extra.HOME ?? parent.HOME ?? parent.USERPROFILE;
  if (effectiveHome !== undefined) {
    env.HOME = effectiveHome;
    if (process.platform === 'win32') env.USERPROFILE = effectiveHome;
  }
  return env;
}
