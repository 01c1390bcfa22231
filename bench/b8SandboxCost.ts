// B8 the sandbox's cost: a demo-agent session start → first chunk at a WS subscriber, the agent in
// a bubblewrap sandbox (template `sandbox: bwrap`) against the same agent unsandboxed (`sandbox:
// none`), same daemon, same repository, alternating who goes first. Everything the sandbox adds is
// inside: the plan (git grants, credential paths), bwrap's namespaces and mounts.
import { probeBwrap } from '../daemon/agents/bwrapProbe.js';
import type { BenchDaemon } from './benchDaemon.js';
import { iterate, type BenchContext } from './context.js';
import { firstChunkMs } from './firstChunk.js';
import type { Row } from './measures.js';
import { newProject } from './sessions.js';

export async function runB8(ctx: BenchContext, daemon: BenchDaemon): Promise<Row[]> {
  const bwrap = await probeBwrap(undefined, process.env.PATH);
  if (!bwrap.available) throw new Error(`B8 measures the bubblewrap sandbox, and ${bwrap.why}`);
  const demo = (await daemon.client.api.listAgents()).agents.find((a) => a.name === 'demo');
  if (!demo) throw new Error('B8 needs the built-in demo template');
  for (const [name, sandbox] of [['bench-sandboxed', 'bwrap'], ['bench-unsandboxed', 'none']] as const) {
    await daemon.client.api.addAgent({ body: { name, command: demo.spawn.command, args: demo.spawn.args, runtime: { provider: 'local', sandbox } } });
  }
  const { slug } = await newProject(daemon, ctx.tmp, ctx.quick ? 20 : 200, 'b8');
  const once = (agent: string) => firstChunkMs(daemon, { project: slug, prompt: 'flood 1', agent });
  const results = await iterate(ctx, 'B8', ctx.quick ? 1 : ctx.runs * 3, async (_warm, i) => {
    if (i % 2 === 0) {
      const sandboxed = await once('bench-sandboxed');
      return { sandboxed, unsandboxed: await once('bench-unsandboxed') };
    }
    const unsandboxed = await once('bench-unsandboxed');
    return { sandboxed: await once('bench-sandboxed'), unsandboxed };
  });
  return [
    {
      id: 'B8',
      metric: 'sandbox cost: demo session start → first chunk, in bwrap',
      unit: 'ms',
      samples: results.map((r) => r.sandboxed),
      baseline: { label: 'the same session unsandboxed', samples: results.map((r) => r.unsandboxed) },
      ratios: results.map((r) => r.sandboxed / r.unsandboxed),
      target: { of: 'ratio', op: '<=', value: 1.15 },
    },
  ];
}
