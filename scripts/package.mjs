// `npm run package`: the .vsix for desktop VS Code (see lib/packageExtension.mjs for what it holds).
import { packageExtension } from './lib/packageExtension.mjs';

const out = await packageExtension();
process.stdout.write(`\n${out}\n`);
