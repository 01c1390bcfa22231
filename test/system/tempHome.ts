// A throwaway state dir per test, removed afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export async function tempHome(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'switchboard-test-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
