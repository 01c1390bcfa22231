// Agent templates (how to spawn each agent) ↔ the `agent_templates` table, keyed by name.
import type { AgentTemplate } from '../protocol/entities.js';
import { bool, columnNames, columnsOf, encodeAll, json, optional, optionalJsonField, rowDecoder, type Row } from './columns.js';
import type { Database, Statement } from './database.js';
import { guard } from './errors.js';

const COLUMNS = columnsOf<AgentTemplate>()(
  ['id', 'name', 'description', 'spawn', 'runtime', 'builtIn', 'npmPackage', 'createdAt', 'defaults', 'mcpServers', 'overrides'],
  {
    spawn: json(),
    runtime: json(),
    builtIn: bool(),
    npmPackage: optional(),
    defaults: optionalJsonField(),
    mcpServers: optionalJsonField(),
    overrides: optionalJsonField(),
  },
);

const toTemplate = rowDecoder(COLUMNS);

export class TemplatesRepo {
  private readonly upsertStmt: Statement<unknown[], Row>;
  private readonly byName: Statement<[string], Row>;
  private readonly all: Statement<[], Row>;
  private readonly deleteStmt: Statement<[string]>;
  private readonly overridesStmt: Statement<[string | null, string]>;

  constructor(db: Database) {
    const names = columnNames(COLUMNS);
    // A template is identified by its name: re-registering a name replaces its definition but
    // keeps the original id and creation time, so references and ordering stay stable. A
    // built-in's overrides survive its refresh at every start: only setOverrides writes them.
    this.upsertStmt = db.prepare<unknown[], Row>(
      `INSERT INTO agent_templates (${names.join(', ')})
       VALUES (${names.map(() => '?').join(', ')})
       ON CONFLICT (name) DO UPDATE SET
         description = excluded.description,
         spawn = excluded.spawn,
         runtime = excluded.runtime,
         built_in = excluded.built_in,
         npm_package = excluded.npm_package,
         defaults = excluded.defaults,
         mcp_servers = excluded.mcp_servers
       RETURNING *`,
    );
    this.byName = db.prepare<[string], Row>('SELECT * FROM agent_templates WHERE name = ?');
    this.all = db.prepare<[], Row>('SELECT * FROM agent_templates ORDER BY built_in DESC, name');
    this.deleteStmt = db.prepare<[string]>('DELETE FROM agent_templates WHERE name = ?');
    this.overridesStmt = db.prepare<[string | null, string]>('UPDATE agent_templates SET overrides = ? WHERE name = ?');
  }

  /** Inserts, or replaces the template with the same name; returns what is stored. */
  upsert(template: AgentTemplate): AgentTemplate {
    const row = guard('saving an agent template', () => this.upsertStmt.get(...encodeAll(COLUMNS, template)));
    // `.get` is typed as possibly empty, but RETURNING always yields the written row.
    if (row === undefined) throw new Error('upsert returned no row');
    return toTemplate(row);
  }

  get(name: string): AgentTemplate | null {
    const row = this.byName.get(name);
    return row ? toTemplate(row) : null;
  }

  /** Built-ins first, then by name. */
  list(): AgentTemplate[] {
    return this.all.all().map(toTemplate);
  }

  /** Stores (or with undefined drops) a template's overrides; true when the template exists. */
  setOverrides(name: string, overrides: AgentTemplate['overrides']): boolean {
    const encoded = overrides === undefined ? null : JSON.stringify(overrides);
    return guard('saving agent template overrides', () => this.overridesStmt.run(encoded, name).changes > 0);
  }

  /** True when a template was deleted. */
  delete(name: string): boolean {
    return this.deleteStmt.run(name).changes > 0;
  }
}
