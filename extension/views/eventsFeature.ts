// The Events view's wiring, called once by the composition root: the model, its feed, the tree
// view (its description says the filter, its message when nothing matches), and the commands
// that set and clear the filter. Filter and Clear take an argument (`{project, session, types}`)
// so other commands and tests can set a filter without the pickers.
import * as vscode from 'vscode';
import { EVENT_TYPES } from '../../daemon/protocol/events.js';
import { registerCommand, type CommandDeps } from '../commands/commandContext.js';
import { COMMANDS, CONTEXT_KEYS } from '../commands/commandIds.js';
import { sessionIdFromArg } from '../commands/sessionArgs.js';
import { sessionDescription, sessionTitle } from '../model/sessionPresentation.js';
import { EventsModel, NO_FILTER, isFiltered, type EventsFilter } from './eventsModel.js';
import { filterDescription, type EventNames } from './eventsPresentation.js';
import { EventsSync } from './eventsSync.js';
import { EVENTS_VIEW_ID, EventsTreeProvider } from './eventsTreeProvider.js';

export interface EventsFeature {
  readonly model: EventsModel;
  readonly tree: EventsTreeProvider;
  readonly view: vscode.TreeView<unknown>;
}

export function registerEvents(deps: CommandDeps): EventsFeature {
  const { context, connection, log } = deps;
  const names: EventNames = {
    session: (id) => deps.model.session(id),
    project: (id) => deps.model.project(id),
  };
  const model = new EventsModel();
  const sync = new EventsSync(connection, model, log);
  const tree = new EventsTreeProvider(model, names);
  const view = vscode.window.createTreeView(EVENTS_VIEW_ID, { treeDataProvider: tree });
  const describe = () => {
    const f = model.filter;
    view.description = filterDescription(f, names);
    const empty = model.items().length === 0;
    view.message = !empty ? undefined : isFiltered(f) ? `No kept event matches the filter (${model.size} kept).` : 'Events appear here, newest first, as the daemon records them.';
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.eventsFiltered, isFiltered(f));
  };
  sync.setVisible(view.visible);
  context.subscriptions.push(
    sync,
    tree,
    view,
    tree.onDidRefresh(describe),
    view.onDidChangeVisibility((e) => sync.setVisible(e.visible)),
    registerCommand(deps, COMMANDS.filterEvents, async (arg: unknown) => {
      const next = filterFromArg(deps, arg) ?? (await pickFilter(deps, model));
      if (next) model.setFilter(next);
    }),
    registerCommand(deps, COMMANDS.clearEventsFilter, () => model.setFilter(NO_FILTER)),
    registerCommand(deps, COMMANDS.showSessionEvents, async (arg: unknown) => {
      const sessionId = sessionIdFromArg(arg);
      if (!sessionId) return;
      model.setFilter({ ...NO_FILTER, sessionId: deps.model.session(sessionId)?.id ?? sessionId });
      await vscode.commands.executeCommand(`${EVENTS_VIEW_ID}.focus`);
    }),
  );
  describe();
  return { model, tree, view };
}

/** A filter given as an argument (`{project, session, types}`: ids, slugs or short ids), or null when the person picks. */
function filterFromArg(deps: CommandDeps, arg: unknown): EventsFilter | null {
  if (typeof arg !== 'object' || arg === null) return null;
  const o = arg as { project?: unknown; session?: unknown; types?: unknown };
  const project = typeof o.project === 'string' ? deps.model.projects().find((p) => p.id === o.project || p.slug === o.project) : undefined;
  const session = typeof o.session === 'string' ? deps.model.allSessions().find((s) => s.id === o.session || s.shortId === o.session) : undefined;
  const types = Array.isArray(o.types) ? o.types.filter((t): t is string => typeof t === 'string') : null;
  return { projectId: project?.id ?? null, sessionId: session?.id ?? null, types };
}

interface Choice extends vscode.QuickPickItem {
  run: () => Promise<EventsFilter | undefined> | EventsFilter | undefined;
}

/** One pick of what to filter by, then that dimension's own pick; the others stay as they were. */
async function pickFilter(deps: CommandDeps, model: EventsModel): Promise<EventsFilter | undefined> {
  const f = model.filter;
  const project = f.projectId ? deps.model.project(f.projectId) : undefined;
  const session = f.sessionId ? deps.model.session(f.sessionId) : undefined;
  const choices: Choice[] = [
    { label: '$(repo) Project', description: project?.name ?? 'all projects', run: () => pickProject(deps, f) },
    { label: '$(comment-discussion) Session', description: session ? `${session.shortId} ${sessionTitle(session)}` : 'all sessions', run: () => pickSession(deps, f) },
    { label: '$(symbol-event) Event Types', description: f.types ? f.types.join(', ') : 'all types', run: () => pickTypes(model, f) },
  ];
  if (isFiltered(f)) choices.push({ label: '$(clear-all) Clear Filter', run: () => NO_FILTER });
  const picked = await vscode.window.showQuickPick(choices, { title: 'Filter Events', placeHolder: 'Filter the Events view by…' });
  return picked?.run();
}

async function pickProject(deps: CommandDeps, f: EventsFilter): Promise<EventsFilter | undefined> {
  const all = { label: 'All projects', id: null as string | null };
  const items = [all, ...deps.model.projects().map((p) => ({ label: p.name, description: p.slug, detail: p.repoPath, id: p.id as string | null }))];
  const picked = await vscode.window.showQuickPick(items, { title: 'Filter Events: Project', matchOnDescription: true });
  if (!picked) return undefined;
  // A session of another project would leave nothing to show.
  const keepSession = f.sessionId !== null && picked.id !== null && deps.model.session(f.sessionId)?.projectId === picked.id;
  return { ...f, projectId: picked.id, sessionId: keepSession ? f.sessionId : null };
}

async function pickSession(deps: CommandDeps, f: EventsFilter): Promise<EventsFilter | undefined> {
  const now = Date.now();
  const sessions = deps.model.allSessions().filter((s) => f.projectId === null || s.projectId === f.projectId);
  const all = { label: 'All sessions', id: null as string | null };
  const items = [all, ...sessions.map((s) => ({ label: sessionTitle(s), description: `${s.shortId} · ${sessionDescription(s, now)}`, detail: deps.model.project(s.projectId)?.name, id: s.id as string | null }))];
  const picked = await vscode.window.showQuickPick(items, { title: 'Filter Events: Session', matchOnDescription: true, matchOnDetail: true });
  return picked ? { ...f, sessionId: picked.id } : undefined;
}

async function pickTypes(model: EventsModel, f: EventsFilter): Promise<EventsFilter | undefined> {
  const kept = model.typeCounts();
  const chosen = new Set(f.types ?? []);
  // Types seen lately first: those are the ones a person is looking for.
  const types = [...EVENT_TYPES].sort((a, b) => Number(kept.has(b)) - Number(kept.has(a)) || a.localeCompare(b));
  const items = types.map((t) => ({ label: t, description: kept.has(t) ? `${kept.get(t)} kept` : undefined, picked: chosen.has(t) }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Filter Events: Types (none picked: all)', canPickMany: true, matchOnDescription: true });
  return picked ? { ...f, types: picked.map((p) => p.label) } : undefined;
}
