// Every CLI command, in the order `switchboard help` lists them.
import type { CommandSpec } from './args.js';
import { daemonCommands } from './commands/daemonCommands.js';
import { eventCommands } from './commands/eventCommands.js';
import { lifecycleCommands } from './commands/lifecycleCommands.js';
import { permissionCommands } from './commands/permissionCommands.js';
import { projectCommands } from './commands/projectCommands.js';
import { sessionCommands } from './commands/sessionCommands.js';

export const COMMANDS: readonly CommandSpec[] = [
  ...daemonCommands,
  ...projectCommands,
  ...sessionCommands,
  ...permissionCommands,
  ...lifecycleCommands,
  ...eventCommands,
];
