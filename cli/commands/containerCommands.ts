// `images build|list` and `computer …`: the container images, and the computer agent (one desktop
// container per user, agents in it, the desktop's noVNC URL).
import type { Pod } from '../../daemon/protocol/containerEntities.js';
import { CONTAINER_KINDS, IMAGE_KINDS } from '../../daemon/protocol/containerEntities.js';
import { PERMISSION_POLICIES } from '../../daemon/protocol/entities.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import { narrowEvent } from '../../daemon/protocol/eventNarrowing.js';
import type { SwitchboardEvent } from '../../daemon/protocol/events.js';
import type { StreamEvent } from '../../daemon/protocol/eventStream.js';
import { boolOpt, choiceOpt, intOpt, listOpt, stringOpt, UsageError, type CommandSpec, type OptionSpec } from '../args.js';
import type { CommandContext } from '../context.js';
import { waitForSession } from '../follow.js';
import { keyValues, table } from '../format.js';
import { reportSettled, waitOption } from './sessionCommands.js';

const userOption: Record<string, OptionSpec> = {
  user: { type: 'string', valueName: 'U', help: "whose computer (default: the daemon's own user)" },
};
const projectOption: Record<string, OptionSpec> = {
  project: { type: 'string', valueName: 'P', help: 'a project (slug or id)' },
};

function userProject(a: Parameters<CommandSpec['run']>[1]): { user?: string; project?: string } {
  const user = stringOpt(a, 'user');
  const project = stringOpt(a, 'project');
  return { ...(user !== undefined ? { user } : {}), ...(project !== undefined ? { project } : {}) };
}

function podLine(p: Pod): string {
  return keyValues([
    ['container', `${p.name} (${p.id.slice(0, 12)})`],
    ['kind', p.kind],
    ['user', p.user],
    ['state', `${p.state}${p.ready === null ? '' : p.ready ? ', desktop ready' : ', desktop not answering'}`],
    ['image', p.image],
    ['network', p.network],
    ['session', p.sessionId ?? undefined],
  ]);
}

/** Follows one build's events (stored from `since`, then live) until it finishes; exit 1 if it failed. */
function followBuild(ctx: CommandContext, buildId: string, since: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const stream = ctx.openStream({
      since,
      onEvent: (e: StreamEvent) => {
        const ev = narrowEvent(e);
        if (!ev || !isImageEvent(ev) || ev.payload.buildId !== buildId) return;
        if (ctx.json) ctx.printJsonLine(e);
        else ctx.out(buildLine(ev));
        if (ev.type === 'image.build_finished') {
          stream.close();
          resolve(ev.payload.ok ? 0 : 1);
        }
      },
      onError: (err) => {
        // A refused token will not get better by retrying; anything else is retried by the stream.
        if (SwitchboardError.is(err, 'unauthorized')) {
          stream.close();
          reject(err);
        }
      },
    });
  });
}

type ImageEvent = Extract<SwitchboardEvent, { type: `image.${string}` }>;

function isImageEvent(e: SwitchboardEvent): e is ImageEvent {
  return e.type.startsWith('image.');
}

function buildLine(e: ImageEvent): string {
  switch (e.type) {
    case 'image.build_started':
      return `building ${e.payload.images.join(', ')} (base: ${e.payload.baseSource})`;
    case 'image.build_progress':
      return e.payload.lines.map((l) => `  [${e.payload.image} ${e.payload.stage}] ${l}`).join('\n');
    case 'image.built':
      return `built ${e.payload.tag} ${e.payload.imageId.slice(0, 19)} in ${e.payload.seconds.toFixed(1)} s${e.payload.baseBuilt ? ' (base built on the host)' : ''}`;
    case 'image.build_failed':
      return `FAILED ${e.payload.image}: ${e.payload.message}`;
    case 'image.build_finished':
      return e.payload.ok ? `done in ${e.payload.seconds.toFixed(1)} s` : `the build failed after ${e.payload.seconds.toFixed(1)} s`;
  }
}

export const containerCommands: CommandSpec[] = [
  {
    words: ['images', 'build'],
    args: '',
    summary: 'Build the agent and computer images (offline: the base is made on the host with mmdebstrap)',
    options: {
      image: { type: 'string', multiple: true, valueName: 'K', help: `only these (${IMAGE_KINDS.join(', ')}); repeatable` },
      'rebuild-base': { type: 'boolean', help: 'build the offline base again even when it exists' },
    },
    positionals: { min: 0, max: 0 },
    async run(ctx, a) {
      const images = listOpt(a, 'image');
      for (const i of images) if (!(IMAGE_KINDS as readonly string[]).includes(i)) throw new UsageError(`images build: --image is one of ${IMAGE_KINDS.join(', ')}, not "${i}"`);
      const res = await ctx.client().api.buildImages({
        body: { ...(images.length > 0 ? { images: images as Array<(typeof IMAGE_KINDS)[number]> } : {}), ...(boolOpt(a, 'rebuild-base') ? { rebuildBase: true } : {}) },
      });
      return followBuild(ctx, res.buildId, res.startSeq - 1);
    },
  },
  {
    words: ['images', 'list'],
    args: '',
    summary: 'The images and their offline bases on the Docker engine',
    positionals: { min: 0, max: 0 },
    async run(ctx) {
      const res = await ctx.client().api.listImages();
      if (ctx.json) ctx.printJson(res);
      else {
        ctx.out(`engine: ${res.engine.version} at ${res.engine.host}`);
        const rows = res.images.map((i) => [i.kind, i.tag, i.present ? (i.imageId ?? '').slice(7, 19) : 'missing', i.sizeBytes ? `${Math.round(i.sizeBytes / 1e6)} MB` : '', `${i.baseTag} ${i.basePresent ? 'present' : 'missing'}`]);
        ctx.out(table(['KIND', 'TAG', 'ID', 'SIZE', 'BASE'], rows));
      }
      return 0;
    },
  },
  {
    words: ['computer', 'ensure'],
    args: '',
    summary: "Create the user's computer container if needed and wait until its desktop answers (no agent starts)",
    options: { ...userOption, ...projectOption },
    positionals: { min: 0, max: 0 },
    async run(ctx, a) {
      const res = await ctx.client().api.computerPodEnsure({ body: userProject(a) });
      if (ctx.json) ctx.printJson(res);
      else ctx.out(`${res.created ? 'created' : 'already running'}\n${podLine(res.pod)}`);
      return 0;
    },
  },
  {
    words: ['computer', 'list'],
    args: '',
    summary: 'The containers the daemon made (computer and agent), a page at a time',
    options: {
      ...userOption,
      kind: { type: 'string', valueName: 'K', help: `only ${CONTAINER_KINDS.join(' or ')} containers` },
      limit: { type: 'string', valueName: 'N', help: 'page size (default 50)' },
      cursor: { type: 'string', valueName: 'C', help: 'the next-page cursor a previous page printed' },
    },
    positionals: { min: 0, max: 0 },
    async run(ctx, a) {
      const kind = choiceOpt(a, 'kind', CONTAINER_KINDS);
      const limit = intOpt(a, 'limit', 1);
      const user = stringOpt(a, 'user');
      const cursor = stringOpt(a, 'cursor');
      const res = await ctx.client().api.computerPodList({
        query: { ...(kind ? { kind } : {}), ...(limit !== undefined ? { limit } : {}), ...(user ? { user } : {}), ...(cursor ? { cursor } : {}) },
      });
      if (ctx.json) ctx.printJson(res);
      else if (res.pods.length === 0) ctx.out('no containers');
      else {
        const rows = res.pods.map((p) => [p.name, p.kind, p.user, p.state, p.ready === null ? '' : p.ready ? 'yes' : 'no', p.sessionId?.slice(0, 8) ?? '']);
        ctx.out(table(['NAME', 'KIND', 'USER', 'STATE', 'READY', 'SESSION'], rows));
        if (res.nextCursor) ctx.out(`more: --cursor ${res.nextCursor}`);
      }
      return 0;
    },
  },
  {
    words: ['computer', 'count'],
    args: '',
    summary: 'How many containers the daemon made, by kind',
    positionals: { min: 0, max: 0 },
    async run(ctx) {
      const res = await ctx.client().api.computerPodCount();
      if (ctx.json) ctx.printJson(res);
      else ctx.out(keyValues([['total', res.total], ['running', res.running], ['computer', res.byKind.computer], ['agent', res.byKind.agent]]));
      return 0;
    },
  },
  {
    words: ['computer', 'desktop'],
    args: '',
    summary: "The URL of the user's desktop (noVNC); the ticket in it is valid for 60 s",
    options: { ...userOption, ...projectOption, 'view-only': { type: 'boolean', help: 'watch without keyboard and mouse' } },
    positionals: { min: 0, max: 0 },
    async run(ctx, a) {
      const res = await ctx.client().api.computerDesktop({
        params: { user: stringOpt(a, 'user') ?? 'me', project: stringOpt(a, 'project') ?? '-' },
        query: boolOpt(a, 'view-only') ? { viewOnly: 'true' } : {},
      });
      if (ctx.json) ctx.printJson(res);
      else ctx.out(`${res.pageUrl}\n(open it within 60 s; expires ${res.expiresAt})`);
      return 0;
    },
  },
  {
    words: ['computer', 'chat'],
    args: '<text…>',
    summary: "Send a prompt to the user's computer agent in a project (continues their session there, or starts one)",
    options: {
      ...userOption,
      project: { type: 'string', valueName: 'P', required: true, help: 'the project (slug or id)' },
      agent: { type: 'string', valueName: 'A', help: 'the agent template to run in the computer (default demo-docker)' },
      new: { type: 'boolean', help: 'start a new session even when one exists' },
      policy: { type: 'string', valueName: 'P', help: `who answers permission requests: ${PERMISSION_POLICIES.join(', ')} (default ask)` },
      ...waitOption,
    },
    positionals: { min: 1, max: Infinity },
    async run(ctx, a) {
      const policy = choiceOpt(a, 'policy', PERMISSION_POLICIES);
      const agent = stringOpt(a, 'agent');
      const user = stringOpt(a, 'user');
      const res = await ctx.client().api.computerChat({
        body: {
          project: stringOpt(a, 'project') ?? '',
          prompt: a.positionals.join(' '),
          ...(user !== undefined ? { user } : {}),
          ...(agent !== undefined ? { agent } : {}),
          ...(boolOpt(a, 'new') ? { newSession: true } : {}),
          ...(policy !== undefined ? { permissionPolicy: policy } : {}),
        },
      });
      if (!boolOpt(a, 'wait')) {
        if (ctx.json) ctx.printJson(res);
        else ctx.out(`session ${res.session.id} (${res.created ? 'new' : 'continued'}), turn ${res.turn.index}, in ${res.pod.name}`);
        return 0;
      }
      if (!ctx.json) ctx.out(`session ${res.session.id} (${res.created ? 'new' : 'continued'}) in ${res.pod.name}`);
      return reportSettled(ctx, await waitForSession(ctx, res.session.id, { fromStart: res.created }));
    },
  },
  {
    words: ['computer', 'status'],
    args: '',
    summary: "The user's computer container and their computer sessions",
    options: { ...userOption, ...projectOption },
    positionals: { min: 0, max: 0 },
    async run(ctx, a) {
      const res = await ctx.client().api.computerAgentStatus({ body: userProject(a) });
      if (ctx.json) ctx.printJson(res);
      else {
        ctx.out(res.pod ? podLine(res.pod) : `${res.user} has no computer container`);
        if (res.agents.length > 0) {
          ctx.out(table(['SESSION', 'STATE', 'AGENT RUNNING', 'TITLE'], res.agents.map((g) => [g.session.shortId, g.session.state, g.agentRunning ? 'yes' : 'no', g.session.title])));
        }
      }
      return 0;
    },
  },
  {
    words: ['computer', 'stop'],
    args: '',
    summary: "Stop the user's computer agents (the container and its desktop stay)",
    options: { ...userOption, ...projectOption },
    positionals: { min: 0, max: 0 },
    async run(ctx, a) {
      const res = await ctx.client().api.computerAgentStop({ body: userProject(a) });
      if (ctx.json) ctx.printJson(res);
      else ctx.out(res.stopped.length === 0 ? 'no agent was running' : res.stopped.map((s) => `session ${s.id}: ${s.state}`).join('\n'));
      return 0;
    },
  },
  {
    words: ['computer', 'cancel'],
    args: '',
    summary: "Cancel the running turn of the user's computer session in a project",
    options: { ...userOption, project: { type: 'string', valueName: 'P', required: true, help: 'the project (slug or id)' } },
    positionals: { min: 0, max: 0 },
    async run(ctx, a) {
      const user = stringOpt(a, 'user');
      const res = await ctx.client().api.computerSessionCancel({ body: { project: stringOpt(a, 'project') ?? '', ...(user !== undefined ? { user } : {}) } });
      if (ctx.json) ctx.printJson(res);
      else ctx.out(`session ${res.session.id}: ${res.session.state}`);
      return 0;
    },
  },
  {
    words: ['computer', 'remove'],
    args: '',
    summary: "Stop the user's computer agents and remove their computer container",
    options: { ...userOption },
    positionals: { min: 0, max: 0 },
    async run(ctx, a) {
      const user = stringOpt(a, 'user');
      const res = await ctx.client().api.computerPodRemove({ body: user !== undefined ? { user } : {} });
      if (ctx.json) ctx.printJson(res);
      else ctx.out(res.removed ? `removed (${res.stoppedSessions.length} session(s) stopped)` : 'there was no computer container');
      return 0;
    },
  },
];

