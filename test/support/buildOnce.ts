// Mocha root hook: build the bundles once before any test, so tests always run today's code.
import { execFileSync } from 'node:child_process';
import { ROOT } from './daemonHarness.js';

export const mochaHooks = {
  beforeAll(this: { timeout(ms: number): void }): void {
    this.timeout(120_000);
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  },
};
