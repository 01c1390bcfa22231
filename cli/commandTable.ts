// Every CLI command, in the order `switchboard help` lists them.
import type { CommandSpec } from './args.js';
import { containerCommands } from './commands/containerCommands.js';
import { daemonCommands } from './commands/daemonCommands.js';
import { eventCommands } from './commands/eventCommands.js';
import { lifecycleCommands } from './commands/lifecycleCommands.js';
import { permissionCommands } from './commands/permissionCommands.js';
import { projectCommands } from './commands/projectCommands.js';
import { reviewCommands } from './commands/reviewCommands.js';
import { sessionCommands } from './commands/sessionCommands.js';

export const COMMANDS: readonly CommandSpec[] = [
  ...daemonCommands,
  ...projectCommands,
  ...sessionCommands,
  ...permissionCommands,
  ...lifecycleCommands,
  ...reviewCommands,
  ...eventCommands,
  ...containerCommands,
];
