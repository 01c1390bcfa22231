// `switchboard images build`: the agent and computer images from images/<kind>/Dockerfile, with
// progress as events. Where mmdebstrap is installed (no registry needed), the base is built on
// the host first when its tag is missing (images/build-base.sh, piped into `docker import`), and
// the Dockerfile is built FROM it with network none; elsewhere the Dockerfile's own default base
// is pulled from a registry. Builds go through the engine API (no BuildKit, no docker CLI).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { findCommand } from '../agents/commandLookup.js';
import type { ImageInfo, ImageKind } from '../protocol/containerEntities.js';
import type { DockerEngine } from './dockerEngine.js';
import { engineMessage } from './dockerEngine.js';
import { ContainerError } from './errors.js';
import type { Emit } from './emit.js';
import { ProgressBatcher } from './progressBatcher.js';

export const IMAGE_TAGS: Record<ImageKind, { tag: string; baseTag: string }> = {
  agent: { tag: 'switchboard/agent:latest', baseTag: 'switchboard/agent-base:latest' },
  computer: { tag: 'switchboard/computer:latest', baseTag: 'switchboard/computer-base:latest' },
};

export interface ImageBuilderOptions {
  engine: DockerEngine;
  /** The repository's images/ folder: Dockerfiles and build-base.sh. */
  imagesDir: string;
  emit: Emit;
  /** Where mmdebstrap and bash are looked up. */
  path?: string;
}

interface BuildLine {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

const SCOPE = { sessionId: null, projectId: null };

export class ImageBuilder {
  private running: string | null = null;

  constructor(private readonly o: ImageBuilderOptions) {}

  get baseSource(): 'host' | 'registry' {
    return findCommand('mmdebstrap', this.o.path ?? process.env.PATH ?? '') !== null ? 'host' : 'registry';
  }

  async list(): Promise<ImageInfo[]> {
    const out: ImageInfo[] = [];
    for (const kind of Object.keys(IMAGE_TAGS) as ImageKind[]) {
      const { tag, baseTag } = IMAGE_TAGS[kind];
      const img = await this.inspect(tag);
      out.push({
        kind,
        tag,
        present: img !== null,
        imageId: img?.Id ?? null,
        createdAt: img?.Created ?? null,
        sizeBytes: img?.Size ?? null,
        baseTag,
        basePresent: (await this.inspect(baseTag)) !== null,
      });
    }
    return out;
  }

  /** Starts a build in the background; `conflict` while one runs. Resolves once it is under way. */
  async start(images: ImageKind[], rebuildBase: boolean): Promise<{ buildId: string; startSeq: number }> {
    if (this.running) throw new ContainerError('conflict', `an image build is already running (${this.running})`);
    await this.o.engine.ping();
    const buildId = randomUUID();
    this.running = buildId;
    const baseSource = this.baseSource;
    const { seq } = this.o.emit('image.build_started', SCOPE, { buildId, images, baseSource });
    void this.run(buildId, images, rebuildBase, baseSource).finally(() => {
      this.running = null;
    });
    return { buildId, startSeq: seq };
  }

  private async run(buildId: string, images: ImageKind[], rebuildBase: boolean, baseSource: 'host' | 'registry'): Promise<void> {
    const started = Date.now();
    let ok = true;
    for (const image of images) {
      const t0 = Date.now();
      try {
        const baseBuilt = baseSource === 'host' ? await this.ensureBase(buildId, image, rebuildBase) : false;
        const imageId = await this.buildImage(buildId, image, baseSource);
        this.o.emit('image.built', SCOPE, { buildId, image, tag: IMAGE_TAGS[image].tag, imageId, baseBuilt, seconds: (Date.now() - t0) / 1000 });
      } catch (err) {
        ok = false;
        this.o.emit('image.build_failed', SCOPE, { buildId, image, message: err instanceof Error ? err.message : String(err) });
        break;
      }
    }
    this.o.emit('image.build_finished', SCOPE, { buildId, ok, seconds: (Date.now() - started) / 1000 });
  }

  /** Builds and imports the offline base when its tag is missing (or asked to). True when it did. */
  private async ensureBase(buildId: string, image: ImageKind, rebuild: boolean): Promise<boolean> {
    const { baseTag } = IMAGE_TAGS[image];
    if (!rebuild && (await this.inspect(baseTag)) !== null) return false;
    const progress = new ProgressBatcher((lines) => this.o.emit('image.build_progress', SCOPE, { buildId, image, stage: 'base', lines }));
    progress.push(`building the offline base ${baseTag} on the host (mmdebstrap); this takes a few minutes`);
    const child = spawn('bash', [path.join(this.o.imagesDir, 'build-base.sh'), image], { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      tail = (tail + text).slice(-4000);
      progress.pushText(text);
    });
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    const [repo, tag] = baseTag.split(':') as [string, string];
    try {
      const out = await this.o.engine.docker.importImage(child.stdout, { repo, tag });
      await this.follow(out, progress);
    } catch (err) {
      child.kill('SIGKILL');
      await exited;
      progress.flush();
      throw new ContainerError('build_failed', `importing the base ${baseTag} failed: ${engineMessage(err)}\n${tail.trim().split('\n').slice(-5).join('\n')}`);
    }
    const code = await exited;
    progress.flush();
    if (code !== 0) {
      throw new ContainerError('build_failed', `images/build-base.sh ${image} failed (exit ${code}):\n${tail.trim().split('\n').slice(-8).join('\n')}`);
    }
    return true;
  }

  private async buildImage(buildId: string, image: ImageKind, baseSource: 'host' | 'registry'): Promise<string> {
    const { tag, baseTag } = IMAGE_TAGS[image];
    const dir = path.join(this.o.imagesDir, image);
    const files = await fs.readdir(dir);
    const progress = new ProgressBatcher((lines) => this.o.emit('image.build_progress', SCOPE, { buildId, image, stage: 'image', lines }));
    const offline = baseSource === 'host';
    try {
      const out = await this.o.engine.docker.buildImage(
        { context: dir, src: files },
        {
          t: tag,
          rm: true,
          forcerm: true,
          // The offline base has every package: its build needs (and gets) no network at all.
          ...(offline ? { buildargs: { BASE: baseTag }, networkmode: 'none' } : {}),
        },
      );
      await this.follow(out, progress);
    } catch (err) {
      progress.flush();
      throw ContainerError.is(err) ? err : new ContainerError('build_failed', `building ${tag} failed: ${engineMessage(err)}`);
    }
    progress.flush();
    const built = await this.inspect(tag);
    if (!built) throw new ContainerError('build_failed', `the build of ${tag} ended without the image`);
    return built.Id;
  }

  /** Reads a build/import progress stream; its `error` lines fail the build. */
  private follow(stream: NodeJS.ReadableStream, progress: ProgressBatcher): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.o.engine.docker.modem.followProgress(
        stream,
        (err: Error | null, lines: BuildLine[]) => {
          const failed = err ?? lines.find((l) => l.error !== undefined);
          if (!failed) return resolve();
          const message = failed instanceof Error ? failed.message : (failed.errorDetail?.message ?? failed.error ?? 'unknown error');
          reject(new ContainerError('build_failed', message.trim()));
        },
        (line: BuildLine) => {
          const text = line.stream ?? line.status ?? line.error;
          if (text) progress.pushText(text);
        },
      );
    });
  }

  private async inspect(tag: string): Promise<{ Id: string; Created: string; Size: number } | null> {
    return this.o.engine.docker
      .getImage(tag)
      .inspect()
      .then((i) => ({ Id: i.Id, Created: i.Created, Size: i.Size }))
      .catch((err: unknown) => {
        const e = this.o.engine.fail(err, `looking up ${tag}`);
        if (e.reason === 'not_found') return null;
        throw e;
      });
  }
}
