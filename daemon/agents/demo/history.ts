// The demo agent keeps its own session history on disk, like real agents do, so session/load
// after a restart has something true to replay. One JSON file per session.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface DemoTurnRecord {
  prompt: string;
  /** Everything the agent said in the turn (message chunks joined). */
  reply: string;
}

export interface DemoSessionRecord {
  sessionId: string;
  cwd: string;
  createdAt: string;
  turns: DemoTurnRecord[];
}

const SESSION_ID = /^[0-9a-f-]{36}$/;

/** `$DEMO_AGENT_HOME/sessions`, else `$HOME/.demo-agent/sessions`. */
export function historyDir(env: NodeJS.ProcessEnv): string {
  if (env.DEMO_AGENT_HOME) return path.join(env.DEMO_AGENT_HOME, 'sessions');
  return path.join(env.HOME ?? os.homedir(), '.demo-agent', 'sessions');
}

export class DemoHistory {
  constructor(private readonly dir: string) {}

  async create(cwd: string): Promise<DemoSessionRecord> {
    const record: DemoSessionRecord = { sessionId: randomUUID(), cwd, createdAt: new Date().toISOString(), turns: [] };
    await this.save(record);
    return record;
  }

  /** null when unknown (or not an id this agent could have made: ids become file names). */
  async load(sessionId: string): Promise<DemoSessionRecord | null> {
    if (!SESSION_ID.test(sessionId)) return null;
    try {
      return JSON.parse(await readFile(this.file(sessionId), 'utf8')) as DemoSessionRecord;
    } catch {
      return null;
    }
  }

  /** Every session on disk, newest first (session/list). */
  async list(): Promise<DemoSessionRecord[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const ids = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length));
    const records = await Promise.all(ids.map((id) => this.load(id)));
    return records.filter((r): r is DemoSessionRecord => r !== null).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async appendTurn(sessionId: string, turn: DemoTurnRecord): Promise<void> {
    const record = await this.load(sessionId);
    if (!record) return;
    record.turns.push(turn);
    await this.save(record);
  }

  private async save(record: DemoSessionRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // Write then rename: a crash mid-write must not leave a half file that load() cannot parse.
    const tmp = `${this.file(record.sessionId)}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(record, null, 2));
    await rename(tmp, this.file(record.sessionId));
  }

  private file(sessionId: string): string {
    return path.join(this.dir, `${sessionId}.json`);
  }
}
