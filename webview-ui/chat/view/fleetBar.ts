// The header's fleet line (issue 11): the session's queue position while it waits for an agent
// slot, the setup command running in its worktree with a clock that ticks once a second (only
// while one runs), and its leased ports as links that open http://127.0.0.1:<port>.
import { portLinks, queueLine, setupLine, type FleetFacts } from '../fleetInfo.js';
import { h, icon } from './dom.js';

export interface FleetActions {
  openPort(port: number): void;
}

/** How many port links the header shows; the rest are in the tree's tooltip and the command's picker. */
const MAX_LINKS = 6;

export class FleetBar {
  readonly #queue = h('div', { id: 'session-queue', role: 'status', hidden: true });
  readonly #setup = h('div', { id: 'session-setup', role: 'status', hidden: true });
  readonly #ports = h('div', { id: 'session-ports', hidden: true });
  readonly element = h('div', { id: 'session-fleet' }, this.#queue, this.#setup, this.#ports);
  readonly #actions: FleetActions;
  #facts: FleetFacts | null = null;
  #state: string | undefined;
  #portsKey = '';
  #clock: ReturnType<typeof setInterval> | undefined;

  constructor(actions: FleetActions) {
    this.#actions = actions;
  }

  render(facts: FleetFacts, state: string | undefined): void {
    this.#facts = facts;
    this.#state = state;
    const queue = queueLine(state, facts.queuePosition);
    this.#queue.hidden = queue === null;
    this.#queue.replaceChildren(...(queue ? [icon('watch'), ` ${queue}`] : []));
    this.#renderSetup();
    this.#renderPorts(facts);
  }

  #renderSetup(): void {
    const line = this.#facts ? setupLine(this.#facts.setup, Date.now()) : null;
    this.#setup.hidden = line === null;
    this.#setup.replaceChildren(...(line ? [icon('gear', 'codicon-modifier-spin'), ` ${line}`] : []));
    // The clock ticks only while a command runs.
    if (line !== null && this.#clock === undefined) this.#clock = setInterval(() => this.#renderSetup(), 1000);
    if (line === null && this.#clock !== undefined) {
      clearInterval(this.#clock);
      this.#clock = undefined;
    }
  }

  #renderPorts(facts: FleetFacts): void {
    // A session that ended keeps no leases; the links would lead nowhere.
    const links = this.#state === 'deleted' || this.#state === 'archived' ? [] : portLinks(facts.ports);
    const key = JSON.stringify(links);
    if (key === this.#portsKey) return;
    this.#portsKey = key;
    this.#ports.hidden = links.length === 0;
    const shown = links.slice(0, MAX_LINKS).map((l) => {
      const a = h('a', { href: '#', class: 'port-link', 'data-port': l.port, title: l.title }, l.label);
      a.addEventListener('click', (e) => {
        e.preventDefault();
        this.#actions.openPort(l.port);
      });
      return a;
    });
    const more = links.length > MAX_LINKS ? [h('span', { class: 'muted' }, ` +${links.length - MAX_LINKS} more`)] : [];
    this.#ports.replaceChildren(icon('plug'), h('span', { class: 'muted' }, ' Ports '), ...shown, ...more);
  }
}
