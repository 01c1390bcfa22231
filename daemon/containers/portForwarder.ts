// The port proxy's way in: computer containers have no network, so a server listening on
// 127.0.0.1:PORT inside one is reachable only from inside. On first use of a port, a socat is
// exec'd in the container that listens on a unix socket in the bind-mounted run folder and forwards
// each connection to 127.0.0.1:PORT; the daemon connects to that socket from the host side.
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { COMPUTER_RUN_DIR, type ComputerService } from './computerService.js';
import type { DockerEngine } from './dockerEngine.js';
import { ContainerError } from './errors.js';

const SOCKET_WAIT_MS = 5_000;

export class PortForwarders {
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly engine: DockerEngine,
    private readonly computers: ComputerService,
  ) {}

  /** The host path of a unix socket that reaches 127.0.0.1:`port` in `user`'s computer container. */
  socketFor(user: string, port: number): Promise<string> {
    const key = `${user}:${port}`;
    let p = this.pending.get(key);
    if (!p) {
      p = this.open(user, port).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return p;
  }

  private async open(user: string, port: number): Promise<string> {
    const hostPath = path.join(this.computers.dirOf(user), 'ports', `${port}.sock`);
    if (await answers(hostPath)) return hostPath;
    const c = await this.computers.find(user);
    if (!c || c.State !== 'running') throw new ContainerError('not_found', `${user} has no running computer container; ensure it first`);
    await fs.rm(hostPath, { force: true });
    const inside = `${COMPUTER_RUN_DIR}/ports/${port}.sock`;
    const container = this.engine.docker.getContainer(c.Id);
    try {
      const exec = await container.exec({ Cmd: ['socat', `UNIX-LISTEN:${inside},fork,unlink-early`, `TCP:127.0.0.1:${port}`] });
      await exec.start({ Detach: true });
    } catch (err) {
      throw this.engine.fail(err, 'starting the port forwarder in the computer container');
    }
    const deadline = Date.now() + SOCKET_WAIT_MS;
    while (Date.now() < deadline) {
      if (await answers(hostPath)) return hostPath;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new ContainerError('engine_failed', `the port forwarder for ${port} did not come up in ${user}'s computer container`);
  }
}

/** The forwarder accepts (even when nothing listens on the port yet: that fails per connection). */
function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(socketPath);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
