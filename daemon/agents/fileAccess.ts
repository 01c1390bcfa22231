// fs/read_text_file and fs/write_text_file, confined to the session root. Every refusal and
// every write is reported to the host as an event; the caller turns thrown errors into JSON-RPC.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AgentEvent } from './agentHost.js';
import { FileTooLargeError, FsRefusal } from './errors.js';
import { resolveInside, type ResolvedPath } from './fsConfinement.js';

/** A reply travels in one JSON-RPC message, and one over 32 MiB closes the connection. */
const MAX_READ_BYTES = 16 * 1024 * 1024;

export interface FileAccessOptions {
  root: string;
  readOnly: boolean;
  emit(e: AgentEvent, acpSessionId: string | null): void;
}

export class FileAccess {
  constructor(private readonly opts: FileAccessOptions) {}

  /** `line` is 1-based; `limit` counts lines. */
  async read(acpSessionId: string, requestedPath: string, line: number | null, limit: number | null): Promise<string> {
    const target = await this.resolve(acpSessionId, requestedPath, 'read');
    const info = await stat(target.realPath);
    if (!info.isFile()) throw this.refuse(acpSessionId, new FsRefusal('not_a_file', requestedPath, `${requestedPath} is not a file`), 'read');
    if (info.size > MAX_READ_BYTES) throw new FileTooLargeError(`${requestedPath} is larger than ${MAX_READ_BYTES} bytes`);
    let content = await readFile(target.realPath, 'utf8');
    if (line != null || limit != null) {
      const lines = content.split('\n');
      const start = Math.max((line ?? 1) - 1, 0);
      const end = limit != null ? start + Math.max(limit, 0) : lines.length;
      content = lines.slice(start, end).join('\n');
    }
    this.opts.emit({ type: 'file.read', payload: { path: target.relativePath, bytes: Buffer.byteLength(content) } }, acpSessionId);
    return content;
  }

  async write(acpSessionId: string, requestedPath: string, content: string): Promise<void> {
    if (this.opts.readOnly) {
      throw this.refuse(acpSessionId, new FsRefusal('read_only', requestedPath, 'This session is read-only: writes are refused'), 'write');
    }
    const target = await this.resolve(acpSessionId, requestedPath, 'write');
    if (target.exists && !(await stat(target.realPath)).isFile()) {
      throw this.refuse(acpSessionId, new FsRefusal('not_a_file', requestedPath, `${requestedPath} is not a file`), 'write');
    }
    // Parents are created below the real root only: resolveInside already placed them there.
    await mkdir(path.dirname(target.realPath), { recursive: true });
    await writeFile(target.realPath, content, 'utf8');
    this.opts.emit(
      { type: 'file.written', payload: { path: target.relativePath, bytes: Buffer.byteLength(content), created: !target.exists } },
      acpSessionId,
    );
  }

  private async resolve(acpSessionId: string, requestedPath: string, operation: 'read' | 'write'): Promise<ResolvedPath> {
    try {
      return await resolveInside(this.opts.root, requestedPath);
    } catch (err) {
      if (err instanceof FsRefusal) throw this.refuse(acpSessionId, err, operation);
      throw err;
    }
  }

  private refuse(acpSessionId: string, refusal: FsRefusal, operation: 'read' | 'write'): FsRefusal {
    this.opts.emit(
      { type: 'file.refused', payload: { path: refusal.requestedPath, operation, reason: refusal.reason } },
      acpSessionId,
    );
    return refusal;
  }
}
