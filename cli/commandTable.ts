// Every CLI command, in the order `switchboard help` lists them.
import type { CommandSpec } from './args.js';
import { admissionCommands } from './commands/admissionCommands.js';
import { agentOverrideCommands } from './commands/agentOverrideCommands.js';
import { agentSessionCommands } from './commands/agentSessionCommands.js';
import { apiDocsCommands } from './commands/apiDocsCommands.js';
import { authCommands } from './commands/authCommands.js';
import { containerCommands } from './commands/containerCommands.js';
import { daemonCommands } from './commands/daemonCommands.js';
import { elicitationCommands } from './commands/elicitationCommands.js';
import { eventCommands } from './commands/eventCommands.js';
import { lifecycleCommands } from './commands/lifecycleCommands.js';
import { mcpCommands } from './commands/mcpCommands.js';
import { mcpServerCommands } from './commands/mcpServerCommand.js';
import { permissionCommands } from './commands/permissionCommands.js';
import { projectCommands } from './commands/projectCommands.js';
import { projectRemovalCommands } from './commands/projectRemovalCommands.js';
import { pruneCommands } from './commands/pruneCommands.js';
import { reviewCommands } from './commands/reviewCommands.js';
import { sessionCommands } from './commands/sessionCommands.js';
import { settingsCommands } from './commands/settingsCommands.js';
import { usageCommands } from './commands/usageCommands.js';

export const COMMANDS: readonly CommandSpec[] = [
  ...daemonCommands,
  ...projectCommands,
  ...projectRemovalCommands,
  ...agentOverrideCommands,
  ...mcpCommands,
  ...sessionCommands,
  ...admissionCommands,
  ...settingsCommands,
  ...permissionCommands,
  ...elicitationCommands,
  ...agentSessionCommands,
  ...lifecycleCommands,
  ...authCommands,
  ...usageCommands,
  ...reviewCommands,
  ...pruneCommands,
  ...eventCommands,
  ...containerCommands,
  ...apiDocsCommands,
  ...mcpServerCommands,
];
