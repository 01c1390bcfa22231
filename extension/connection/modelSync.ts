// Feeds the tree model from the connection: a snapshot each time the daemon comes up (or its
// log resets), the shared event feed in between. The model buffers events while the snapshot
// loads, so none is lost between the two.
import type { DaemonConnection } from '../daemonConnection.js';
import type { SessionTreeModel } from '../model/sessionTreeModel.js';
import { Disposable } from '../util/disposable.js';
import { errorMessage, type Logger } from '../util/logger.js';

export class ModelSync extends Disposable {
  #generation = 0;

  constructor(
    private readonly connection: DaemonConnection,
    private readonly model: SessionTreeModel,
    private readonly log: Logger,
  ) {
    super();
    this._register(connection.onEvent((e) => model.applyEvent(e)));
    this._register(
      connection.onDidChangeState((s) => {
        if (s === 'up') void this.reload();
      }),
    );
    this._register(connection.onDidReset(() => void this.reload()));
    if (connection.state === 'up') void this.reload();
  }

  /** Loads a fresh snapshot; a newer reload supersedes an older one still in flight. */
  async reload(): Promise<void> {
    const client = this.connection.client;
    if (!client) return;
    const gen = ++this.#generation;
    this.model.startLoading();
    try {
      const [projects, sessions] = await Promise.all([client.api.listProjects(), client.api.listSessions({ query: { all: 'true' } })]);
      if (gen !== this.#generation) return;
      this.model.finishLoading(projects.projects, sessions.sessions);
    } catch (err) {
      if (gen !== this.#generation) return;
      this.model.abortLoading();
      this.log.warn(`could not load sessions: ${errorMessage(err)}`);
    }
  }
}
