// The schema's history. Append a migration to change the schema; never edit one that has shipped,
// because files on users' machines already ran it. `PRAGMA user_version` records the last applied.
// Each migration runs inside one transaction with foreign keys on; a table rebuild therefore uses
// `PRAGMA defer_foreign_keys = ON` (foreign_keys itself cannot change inside a transaction).
//
// Enum-like columns (state, action, kind…) carry no CHECK lists: the protocol's zod schemas own
// those lists, and a second copy here would have to be kept in step by hand (and rebuilt with the
// table, since SQLite cannot alter a constraint).

export interface Migration {
  /** 1, 2, 3… in order, no gaps. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE projects (
        id             TEXT PRIMARY KEY,
        slug           TEXT NOT NULL UNIQUE,
        name           TEXT NOT NULL,
        repo_path      TEXT NOT NULL UNIQUE,
        default_branch TEXT NOT NULL,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL
      ) STRICT;

      CREATE TABLE agent_templates (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        spawn       TEXT NOT NULL CHECK (json_valid(spawn)),
        runtime     TEXT NOT NULL CHECK (json_valid(runtime)),
        built_in    INTEGER NOT NULL DEFAULT 0,
        npm_package TEXT,
        created_at  TEXT NOT NULL
      ) STRICT;

      -- No foreign key to agent_templates: a session keeps the name of the agent it ran with
      -- even after a custom template is deleted.
      CREATE TABLE sessions (
        id                 TEXT PRIMARY KEY,
        short_id           TEXT NOT NULL,
        project_id         TEXT NOT NULL REFERENCES projects(id),
        agent              TEXT NOT NULL,
        action             TEXT NOT NULL,
        title              TEXT NOT NULL,
        prompt             TEXT NOT NULL,
        model              TEXT,
        scope_path         TEXT,
        state              TEXT NOT NULL,
        state_reason       TEXT,
        state_detail       TEXT,
        permission_policy  TEXT NOT NULL,
        read_only          INTEGER NOT NULL,
        cwd                TEXT NOT NULL,
        worktree_path      TEXT,
        branch             TEXT,
        base_ref           TEXT NOT NULL,
        base_commit        TEXT,
        acp_session_id     TEXT,
        runtime_handle     TEXT,
        agent_capabilities TEXT CHECK (agent_capabilities IS NULL OR json_valid(agent_capabilities)),
        auth_methods       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(auth_methods)),
        exit_code          INTEGER,
        created_at         TEXT NOT NULL,
        updated_at         TEXT NOT NULL,
        ended_at           TEXT
      ) STRICT;
      CREATE INDEX sessions_project_state ON sessions (project_id, state);
      CREATE INDEX sessions_state ON sessions (state);
      CREATE INDEX sessions_created ON sessions (created_at);
      CREATE INDEX sessions_short_id ON sessions (short_id);

      CREATE TABLE turns (
        id          TEXT PRIMARY KEY,
        session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        idx         INTEGER NOT NULL,
        prompt      TEXT NOT NULL,
        state       TEXT NOT NULL,
        stop_reason TEXT,
        error       TEXT,
        created_at  TEXT NOT NULL,
        started_at  TEXT,
        ended_at    TEXT,
        UNIQUE (session_id, idx)
      ) STRICT;

      CREATE TABLE permission_requests (
        id               TEXT PRIMARY KEY,
        session_id       TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        turn_id          TEXT REFERENCES turns(id) ON DELETE SET NULL,
        tool_call        TEXT NOT NULL CHECK (json_valid(tool_call)),
        options          TEXT NOT NULL CHECK (json_valid(options)),
        state            TEXT NOT NULL,
        chosen_option_id TEXT,
        answered_by      TEXT,
        created_at       TEXT NOT NULL,
        answered_at      TEXT
      ) STRICT;
      CREATE INDEX permission_requests_session ON permission_requests (session_id, created_at);
      CREATE INDEX permission_requests_turn ON permission_requests (turn_id);
      CREATE INDEX permission_requests_pending ON permission_requests (created_at) WHERE state = 'pending';

      -- The log. AUTOINCREMENT (not just INTEGER PRIMARY KEY) so a seq is never handed out twice,
      -- even after the newest rows are deleted: clients resume from a seq and must never see a
      -- new event behind an old number. No foreign keys: the log outlives the rows it describes
      -- (session.deleted is written about a session that no longer exists).
      CREATE TABLE events (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT,
        project_id TEXT,
        type       TEXT NOT NULL,
        payload    TEXT NOT NULL,
        time       TEXT NOT NULL
      ) STRICT;
      CREATE INDEX events_session_seq ON events (session_id, seq);
      CREATE INDEX events_project_seq ON events (project_id, seq);

      -- Many artifacts per (session, kind, turn) are allowed: a turn may write several files.
      CREATE TABLE artifacts (
        id         TEXT PRIMARY KEY,
        session_id TEXT NOT NULL,
        project_id TEXT NOT NULL,
        kind       TEXT NOT NULL,
        path       TEXT NOT NULL,
        size       INTEGER NOT NULL,
        turn_index INTEGER,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX artifacts_session ON artifacts (session_id, created_at);
      CREATE INDEX artifacts_project ON artifacts (project_id, created_at);
    `,
  },
  {
    version: 2,
    name: 'session review flags',
    // Checkpoints themselves are git refs (refs/switchboard/checkpoints/<session>/<turn>), so
    // only the policy and the two flags the review feature reports live here.
    sql: `
      ALTER TABLE sessions ADD COLUMN checkpoint_policy TEXT NOT NULL DEFAULT 'per-turn';
      ALTER TABLE sessions ADD COLUMN drift TEXT CHECK (drift IS NULL OR json_valid(drift));
      ALTER TABLE sessions ADD COLUMN merged TEXT CHECK (merged IS NULL OR json_valid(merged));
    `,
  },
  {
    version: 3,
    name: 'session isolation',
    // What confined the agent the last time it started (bwrap, container or none), so every
    // surface can say "unsandboxed" without replaying events.
    sql: `
      ALTER TABLE sessions ADD COLUMN isolation TEXT CHECK (isolation IS NULL OR json_valid(isolation));
    `,
  },
  {
    version: 4,
    name: 'agent settings, commands, usage, budgets, MCP servers, elicitations',
    // Settings and commands are what the agent last offered (kept for clients between starts);
    // usage is the session's running total and each turn's share, which the usage roll-up sums.
    sql: `
      ALTER TABLE sessions ADD COLUMN config_options TEXT CHECK (config_options IS NULL OR json_valid(config_options));
      ALTER TABLE sessions ADD COLUMN requested_settings TEXT CHECK (requested_settings IS NULL OR json_valid(requested_settings));
      ALTER TABLE sessions ADD COLUMN commands TEXT CHECK (commands IS NULL OR json_valid(commands));
      ALTER TABLE sessions ADD COLUMN usage TEXT CHECK (usage IS NULL OR json_valid(usage));
      ALTER TABLE turns ADD COLUMN usage TEXT CHECK (usage IS NULL OR json_valid(usage));
      CREATE INDEX turns_ended ON turns (ended_at) WHERE usage IS NOT NULL;
      ALTER TABLE projects ADD COLUMN budget_usd_per_day REAL;
      ALTER TABLE projects ADD COLUMN mcp_servers TEXT CHECK (mcp_servers IS NULL OR json_valid(mcp_servers));
      ALTER TABLE agent_templates ADD COLUMN defaults TEXT CHECK (defaults IS NULL OR json_valid(defaults));
      ALTER TABLE agent_templates ADD COLUMN mcp_servers TEXT CHECK (mcp_servers IS NULL OR json_valid(mcp_servers));

      CREATE TABLE elicitation_requests (
        id               TEXT PRIMARY KEY,
        session_id       TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        turn_id          TEXT REFERENCES turns(id) ON DELETE SET NULL,
        message          TEXT NOT NULL,
        requested_schema TEXT NOT NULL CHECK (json_valid(requested_schema)),
        state            TEXT NOT NULL,
        action           TEXT,
        content          TEXT CHECK (content IS NULL OR json_valid(content)),
        answered_by      TEXT,
        created_at       TEXT NOT NULL,
        answered_at      TEXT
      ) STRICT;
      CREATE INDEX elicitation_requests_session ON elicitation_requests (session_id, created_at);
      CREATE INDEX elicitation_requests_pending ON elicitation_requests (created_at) WHERE state = 'pending';
    `,
  },
  {
    version: 5,
    name: 'overrides of built-in agent templates',
    // Apart from `spawn`, which the daemon rewrites with the shipped definition at every start.
    sql: `
      ALTER TABLE agent_templates ADD COLUMN overrides TEXT CHECK (overrides IS NULL OR json_valid(overrides));
    `,
  },
  {
    version: 6,
    name: 'fleet: ports, setup, admission queue, disk, retention, project config',
    // A port is leased to one session at a time (the primary key says so); the session's own
    // `ports` column is what clients read. `queue_seq` orders queued sessions across restarts.
    // Daemon-wide settings (admission limits, retention policy) are JSON values by key.
    sql: `
      ALTER TABLE sessions ADD COLUMN ports TEXT CHECK (ports IS NULL OR json_valid(ports));
      ALTER TABLE sessions ADD COLUMN setup TEXT CHECK (setup IS NULL OR json_valid(setup));
      ALTER TABLE sessions ADD COLUMN queue_seq INTEGER;
      ALTER TABLE sessions ADD COLUMN disk TEXT CHECK (disk IS NULL OR json_valid(disk));
      ALTER TABLE sessions ADD COLUMN pruned TEXT CHECK (pruned IS NULL OR json_valid(pruned));
      CREATE INDEX sessions_queue ON sessions (queue_seq) WHERE queue_seq IS NOT NULL;
      ALTER TABLE projects ADD COLUMN config_override TEXT CHECK (config_override IS NULL OR json_valid(config_override));
      ALTER TABLE projects ADD COLUMN worktree_root TEXT;

      CREATE TABLE port_leases (
        port       INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        name       TEXT,
        leased_at  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX port_leases_session ON port_leases (session_id);

      CREATE TABLE daemon_settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value))
      ) STRICT;
    `,
  },
];

/** The schema version this code writes. */
export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0;
}
