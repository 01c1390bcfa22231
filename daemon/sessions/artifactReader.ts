// The text of one artifact (a turn's transcript, plan or diff), for clients that show it: read
// from the file the ArtifactWriter recorded, only inside the artifacts folder, and at most
// MAX_ARTIFACT_BYTES of it (marked `truncated` past that).
import fs from 'node:fs';
import path from 'node:path';
import type { Artifact } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import { MAX_ARTIFACT_BYTES } from '../protocol/projectRoutes.js';
import type { Store } from '../storage/store.js';

export class ArtifactReader {
  constructor(
    private readonly store: Store,
    /** The state dir's artifacts folder: a recorded path outside it is never read. */
    private readonly artifactsDir: string,
  ) {}

  /** 404 naming `id` when the artifact is unknown or its file is gone (its session deleted meanwhile). */
  async read(id: string): Promise<{ artifact: Artifact; content: string; truncated: boolean }> {
    const artifact = this.store.artifacts.get(id);
    if (!artifact) throw new SwitchboardError('not_found', `no artifact "${id}"`, 'id');
    if (!isInside(this.artifactsDir, artifact.path)) throw new SwitchboardError('not_found', `the file of artifact "${id}" is not in the artifacts folder`, 'id');
    const bytes = await readAtMost(artifact.path, MAX_ARTIFACT_BYTES + 1).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new SwitchboardError('not_found', `the file of artifact "${id}" is gone`, 'id');
      throw err;
    });
    const truncated = bytes.length > MAX_ARTIFACT_BYTES;
    return { artifact, content: (truncated ? bytes.subarray(0, MAX_ARTIFACT_BYTES) : bytes).toString('utf8'), truncated };
  }
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

async function readAtMost(file: string, limit: number): Promise<Buffer> {
  const handle = await fs.promises.open(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  try {
    const buffer = Buffer.alloc(Math.min(limit, (await handle.stat()).size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
