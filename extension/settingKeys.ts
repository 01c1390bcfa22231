// The `switchboard.*` settings the extension reads (without the section), kept free of `vscode`
// so the manifest test can compare them with package.json.
export const SETTING_KEYS = [
  'daemon.nodePath',
  'stateDir',
  'daemon.port',
  'agents.sandbox',
  'worktreeRoot',
  'maxAgents',
  'memoryFloorMb',
  'stallSeconds',
  'logLevel',
  'defaultAgent',
  'defaultPermissionPolicy',
  'notifications.waitingForYou',
  'notifications.completed',
  'notifications.failed',
  'mcp.allowDestructive',
] as const;
