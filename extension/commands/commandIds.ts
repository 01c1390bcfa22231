// Every command id the extension registers, in one place: package.json `contributes.commands`
// declares the same list (test/extension/manifest.test.ts keeps them in step).
export const COMMANDS = {
  addProject: 'switchboard.addProject',
  // Projects (extension/commands/projectCommands.ts).
  renameProject: 'switchboard.renameProject',
  setDefaultBranch: 'switchboard.setDefaultBranch',
  removeProject: 'switchboard.removeProject',
  startSession: 'switchboard.startSession',
  followup: 'switchboard.followup',
  cancelTurn: 'switchboard.cancelTurn',
  stop: 'switchboard.stopSession',
  resume: 'switchboard.resumeSession',
  archive: 'switchboard.archiveSession',
  delete: 'switchboard.deleteSession',
  openChat: 'switchboard.openChat',
  approve: 'switchboard.approvePermission',
  reject: 'switchboard.rejectPermission',
  login: 'switchboard.login',
  // Agent settings (extension/commands/settingsCommands.ts).
  setModel: 'switchboard.setModel',
  setMode: 'switchboard.setMode',
  showLogs: 'switchboard.showLogs',
  openWorktreeInNewWindow: 'switchboard.openWorktreeInNewWindow',
  addWorktreeToWorkspace: 'switchboard.addWorktreeToWorkspace',
  openTerminal: 'switchboard.openTerminalInWorktree',
  // Fleet (extension/commands/portCommands.ts).
  openSessionPort: 'switchboard.openSessionPort',
  restartDaemon: 'switchboard.restartDaemon',
  // The API docs page (extension/commands/apiDocsCommand.ts).
  openApiDocs: 'switchboard.openApiDocs',
  showOutput: 'switchboard.showOutput',
  quickActions: 'switchboard.quickActions',
  refresh: 'switchboard.refresh',
  // Review (extension/review/).
  openChange: 'switchboard.openChange',
  openChangedFile: 'switchboard.openChangedFile',
  reviewAllChanges: 'switchboard.reviewAllChanges',
  selectTurn: 'switchboard.selectTurn',
  refreshChanges: 'switchboard.refreshChanges',
  merge: 'switchboard.mergeSession',
  discard: 'switchboard.discardSession',
  sendReview: 'switchboard.sendReview',
  addReviewComment: 'switchboard.addReviewComment',
  cancelReviewComment: 'switchboard.cancelReviewComment',
  deleteReviewComment: 'switchboard.deleteReviewComment',
  // Containers (extension/containers/, extension/desktop/).
  ensureComputer: 'switchboard.ensureComputer',
  openDesktop: 'switchboard.openDesktop',
  stopContainerAgent: 'switchboard.stopContainerAgent',
  removeContainer: 'switchboard.removeContainer',
  buildImages: 'switchboard.buildImages',
  refreshContainers: 'switchboard.refreshContainers',
  // Events and artifacts (extension/views/eventsFeature.ts, extension/artifacts/).
  filterEvents: 'switchboard.filterEvents',
  clearEventsFilter: 'switchboard.clearEventsFilter',
  showSessionEvents: 'switchboard.showSessionEvents',
  openArtifact: 'switchboard.openArtifact',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** The view and container ids (package.json `contributes.views`). */
export const VIEW_CONTAINER_ID = 'switchboard';
export const SESSIONS_VIEW_ID = 'switchboard.sessions';

/** Context keys the manifest's `when` clauses read. */
export const CONTEXT_KEYS = {
  daemonState: 'switchboard.daemonState',
  loaded: 'switchboard.loaded',
  hasProjects: 'switchboard.hasProjects',
  hasSessions: 'switchboard.hasSessions',
  hasWorkspaceFolder: 'switchboard.hasWorkspaceFolder',
  /** The Events view shows a filtered list (its Clear Filter button shows). */
  eventsFiltered: 'switchboard.eventsFiltered',
} as const;
