// One daemon per state dir. The lock file names the owner's pid; a lock whose pid is dead (the
// daemon was killed with -9, the machine rebooted) is stale and taken over. The discovery file
// daemon.json tells clients where the owner listens.
import { randomBytes } from 'node:crypto';
import { chmod, link, open, readFile, rename, unlink } from 'node:fs/promises';
import { readFileSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { DISCOVERY_FILE, DiscoverySchema, parseDiscovery, type Discovery } from '../protocol/discovery.js';
import { isAlive } from './processes.js';

export const LOCK_FILE = 'daemon.lock';
export const DISCOVERY_MODE = 0o600;

/** Another live daemon owns this state dir. */
export class InstanceLockedError extends Error {
  readonly reason = 'already_running' as const;
  constructor(
    readonly pid: number,
    readonly home: string,
  ) {
    super(`another Switchboard daemon (pid ${pid}) is already running for ${home}`);
    this.name = 'InstanceLockedError';
  }

  static is(e: unknown): e is InstanceLockedError {
    return e instanceof InstanceLockedError;
  }
}

export interface InstanceLock {
  readonly home: string;
  readonly pid: number;
  /** Removes the lock and daemon.json, each only if it still names our pid. */
  release(): Promise<void>;
  /** The same for `process.on('exit')`, where nothing asynchronous runs. */
  releaseSync(): void;
}

export interface AcquireOptions {
  /** The pid written into the lock; defaults to this process. */
  pid?: number;
  /** Liveness probe for the pid found in an existing lock. */
  isAlive?: (pid: number) => boolean;
  /**
   * Extra check that a live pid really is a daemon (e.g. its daemon.json answers a health
   * probe). Return false to treat the lock as stale despite the pid being reused by something else.
   */
  confirmOwner?: (pid: number) => Promise<boolean>;
}

const MAX_ATTEMPTS = 5;

/** Takes the lock for `home` (which must exist) or throws InstanceLockedError naming the owner. */
export async function acquireInstanceLock(home: string, opts: AcquireOptions = {}): Promise<InstanceLock> {
  const pid = opts.pid ?? process.pid;
  const alive = opts.isAlive ?? isAlive;
  const lockPath = path.join(home, LOCK_FILE);

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (await tryCreate(lockPath, pid)) return makeLock(home, pid);
    const owner = await readPid(lockPath);
    if (owner === 'missing') continue; // released between our attempt and our read
    if (owner !== 'invalid' && alive(owner)) {
      const confirmed = opts.confirmOwner ? await opts.confirmOwner(owner) : true;
      if (confirmed) throw new InstanceLockedError(owner, home);
    }
    await removeStale(lockPath, owner);
  }
  throw new Error(`could not take ${lockPath}: it kept changing under us`);
}

/**
 * Creates the lock with its content in one atomic step: the pid goes into a private temp file
 * first, then link() publishes it under the lock name and fails if that name exists. A reader can
 * therefore never see an empty lock that is merely half written.
 */
async function tryCreate(lockPath: string, pid: number): Promise<boolean> {
  const tmp = tempName(lockPath);
  await writePrivate(tmp, `${pid}\n`);
  try {
    await link(tmp, lockPath);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

async function readPid(lockPath: string): Promise<number | 'missing' | 'invalid'> {
  let text: string;
  try {
    text = await readFile(lockPath, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw e;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : 'invalid';
}

/**
 * Moves the stale lock aside before deleting it, so that two daemons taking over at once cannot
 * both delete: rename is atomic and only one of them moves the file. If what we moved turns out to
 * be a fresh lock another contender just created, it goes back.
 */
async function removeStale(lockPath: string, stale: number | 'invalid'): Promise<void> {
  const aside = tempName(lockPath);
  try {
    await rename(lockPath, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const moved = await readPid(aside);
  if (moved !== stale && moved !== 'missing') {
    await link(aside, lockPath).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

function tempName(target: string): string {
  return `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

async function writePrivate(file: string, content: string): Promise<void> {
  const fh = await open(file, 'wx', DISCOVERY_MODE);
  try {
    await fh.writeFile(content, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  // The umask can only narrow the mode given to open(); chmod states it outright.
  if (process.platform !== 'win32') await chmod(file, DISCOVERY_MODE);
}

function makeLock(home: string, pid: number): InstanceLock {
  const lockPath = path.join(home, LOCK_FILE);
  const discoveryPath = path.join(home, DISCOVERY_FILE);
  const ours = (text: string): boolean => text.trim() === String(pid);
  const oursJson = (text: string): boolean => {
    try {
      return (JSON.parse(text) as { pid?: unknown }).pid === pid;
    } catch {
      return false;
    }
  };
  return {
    home,
    pid,
    async release() {
      await removeIf(discoveryPath, oursJson);
      await removeIf(lockPath, ours);
    },
    releaseSync() {
      removeIfSync(discoveryPath, oursJson);
      removeIfSync(lockPath, ours);
    },
  };
}

async function removeIf(file: string, owned: (text: string) => boolean): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text !== null && owned(text)) await unlink(file).catch(() => undefined);
}

function removeIfSync(file: string, owned: (text: string) => boolean): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  if (!owned(text)) return;
  try {
    unlinkSync(file);
  } catch {
    // Already gone: nothing to release.
  }
}

/** Writes daemon.json atomically (temp file + rename), readable by the user only. */
export async function writeDiscovery(home: string, discovery: Discovery): Promise<void> {
  const valid = DiscoverySchema.parse(discovery);
  const target = path.join(home, DISCOVERY_FILE);
  const tmp = tempName(target);
  try {
    await writePrivate(tmp, `${JSON.stringify(valid, null, 2)}\n`);
    await rename(tmp, target);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/** The discovery file, or null when it is missing or does not parse. */
export async function readDiscovery(home: string): Promise<Discovery | null> {
  let text: string;
  try {
    text = await readFile(path.join(home, DISCOVERY_FILE), 'utf8');
  } catch {
    return null;
  }
  return parseDiscovery(text);
}
