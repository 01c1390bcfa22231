// Decides, each time a session's agent starts, what confines it: a container (the runtime is
// one), a bubblewrap sandbox, or nothing — and says which, so no surface is ever silent about it.
import type { BwrapStatus } from '../agents/bwrapProbe.js';
import { findCommand } from '../agents/commandLookup.js';
import type { AgentRuntimeProvider, RuntimeStartOptions } from '../agents/runtime.js';
import type { AgentTemplate, Isolation, SandboxMode, Session } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import { sandboxSpecFor } from './sandboxPlan.js';

export interface SandboxPolicyDeps {
  /** The daemon's default for templates that name none (`--sandbox`, SWITCHBOARD_SANDBOX). */
  defaultMode: SandboxMode;
  probe: () => Promise<BwrapStatus>;
  stateDir: string;
  userHome: string;
  /** Worktree roots outside the state dir, hidden like it (worktreeRoots.ts). */
  worktreeRoots?: () => string[];
}

export interface SandboxDecision {
  sandbox?: RuntimeStartOptions['sandbox'];
  isolation: Isolation;
}

export class SandboxPolicy {
  constructor(private readonly deps: SandboxPolicyDeps) {}

  modeOf(template: Pick<AgentTemplate, 'runtime'>): SandboxMode {
    return template.runtime.sandbox ?? this.deps.defaultMode;
  }

  /** Throws `sandbox_unavailable` when a template asks for bwrap and it cannot be had. */
  async decide(input: { template: AgentTemplate; session: Pick<Session, 'cwd' | 'worktreePath' | 'branch' | 'readOnly'>; repoPath: string; agentHome: string; runtime: AgentRuntimeProvider; searchPath: string | undefined }): Promise<SandboxDecision> {
    const { template, runtime } = input;
    if (runtime.confinement === 'container') {
      return { isolation: { kind: 'container', detail: 'runs in a container: it sees only its mounted worktree, its own HOME and the image' } };
    }
    const mode = this.modeOf(template);
    if (mode === 'none') return { isolation: unsandboxed('the template asks for no sandbox (sandbox: none)') };
    // `docker` on a local runtime means no engine took it (RuntimeSelector sends it to a container).
    const status = await this.deps.probe();
    if (!status.available) {
      if (mode === 'bwrap' || mode === 'docker') throw new SwitchboardError('sandbox_unavailable', `sandbox "${mode}" was asked for, but ${status.why}`, 'sandbox');
      return { isolation: unsandboxed(status.why) };
    }
    const spec = sandboxSpecFor({
      session: input.session,
      template,
      repoPath: input.repoPath,
      stateDir: this.deps.stateDir,
      worktreeRoots: this.deps.worktreeRoots?.() ?? [],
      agentHome: input.agentHome,
      userHome: this.deps.userHome,
      commandPath: findCommand(template.spawn.command, input.searchPath),
    });
    const writes = input.session.readOnly ? 'writes only its own HOME and /tmp (read-only session)' : 'writes only its worktree, its session branch, its own HOME and /tmp';
    return {
      sandbox: { bwrap: status.path, spec },
      isolation: { kind: 'bwrap', detail: `bubblewrap sandbox: ${writes}; the state dir and credentials are hidden${spec.network ? '' : '; no network'}` },
    };
  }
}

function unsandboxed(why: string): Isolation {
  return { kind: 'none', detail: `UNSANDBOXED: the agent can read and write anything this user can (${why})` };
}
