// Where a session's agent runs: in the user's computer container when the session was made by
// computer chat (recorded as its `computer.session_bound` event), in a container of its own when
// its template's runtime is docker, else on the host.
import type { AgentRuntimeProvider } from '../agents/runtime.js';
import type { AgentTemplate, Session } from '../protocol/entities.js';
import type { ComputerRuntime } from './computerRuntime.js';
import type { DockerRuntime } from './dockerRuntime.js';

export interface RuntimeSelectorOptions {
  local: AgentRuntimeProvider;
  docker: DockerRuntime;
  computer: ComputerRuntime;
  /** The user whose computer runs this session's agent, or null for an ordinary session. */
  computerUserOf: (sessionId: string) => string | null;
}

export class RuntimeSelector {
  constructor(private readonly o: RuntimeSelectorOptions) {}

  select(template: AgentTemplate, session: Session): AgentRuntimeProvider {
    const user = this.o.computerUserOf(session.id);
    if (user !== null) return this.o.computer.providerFor(user);
    // `sandbox: docker` on a local template: the same agent, confined by a container of its own.
    if (template.runtime.provider === 'docker' || template.runtime.sandbox === 'docker') {
      return this.o.docker.providerFor({
        sessionId: session.id,
        shortId: session.shortId,
        projectId: session.projectId,
        readOnly: session.readOnly,
        runtime: template.runtime,
      });
    }
    return this.o.local;
  }
}
