// Everything the daemon keeps, behind one object the composition root opens once and passes on.
import { ArtifactsRepo } from './artifactsRepo.js';
import { DaemonSettingsRepo } from './daemonSettingsRepo.js';
import { openDatabase, type Database, type OpenDatabaseOptions } from './database.js';
import { ElicitationsRepo } from './elicitationsRepo.js';
import { EventsRepo } from './eventsRepo.js';
import { PermissionsRepo } from './permissionsRepo.js';
import { PortLeasesRepo } from './portLeasesRepo.js';
import { ProjectsRepo } from './projectsRepo.js';
import { SessionsRepo } from './sessionsRepo.js';
import { TemplatesRepo } from './templatesRepo.js';
import { TurnsRepo } from './turnsRepo.js';
import { UsageRepo } from './usageRepo.js';

export class Store {
  readonly projects: ProjectsRepo;
  readonly templates: TemplatesRepo;
  readonly sessions: SessionsRepo;
  readonly turns: TurnsRepo;
  readonly permissions: PermissionsRepo;
  readonly elicitations: ElicitationsRepo;
  readonly events: EventsRepo;
  readonly artifacts: ArtifactsRepo;
  readonly usage: UsageRepo;
  readonly daemonSettings: DaemonSettingsRepo;
  readonly portLeases: PortLeasesRepo;

  constructor(private readonly db: Database) {
    this.projects = new ProjectsRepo(db);
    this.templates = new TemplatesRepo(db);
    this.sessions = new SessionsRepo(db);
    this.turns = new TurnsRepo(db);
    this.permissions = new PermissionsRepo(db);
    this.elicitations = new ElicitationsRepo(db);
    this.events = new EventsRepo(db);
    this.artifacts = new ArtifactsRepo(db);
    this.usage = new UsageRepo(db);
    this.daemonSettings = new DaemonSettingsRepo(db);
    this.portLeases = new PortLeasesRepo(db);
  }

  /** Opens (creating and migrating as needed) the database file; see `openDatabase` for the errors. */
  static open(file: string, options?: OpenDatabaseOptions): Store {
    return new Store(openDatabase(file, options));
  }

  /**
   * Runs `fn` in one transaction: every write in it lands, or none does (it rolls back when `fn`
   * throws). Nested calls become savepoints. `fn` must be synchronous: a transaction cannot span
   * an await.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  /** Closes the file. Idempotent. */
  close(): void {
    if (!this.db.open) return;
    // Lets SQLite refresh the statistics its planner uses, cheaply, as its docs advise at close.
    this.db.pragma('optimize');
    this.db.close();
  }
}
