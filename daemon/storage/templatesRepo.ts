// Agent templates (how to spawn each agent) ↔ the `agent_templates` table, keyed by name.
import type { AgentTemplate, Runtime, Spawn } from '../protocol/entities.js';
import type { Database, Statement } from './database.js';
import { guard } from './errors.js';

interface TemplateRow {
  id: string;
  name: string;
  description: string;
  spawn: string;
  runtime: string;
  built_in: number;
  npm_package: string | null;
  created_at: string;
}

function toTemplate(row: TemplateRow): AgentTemplate {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    spawn: JSON.parse(row.spawn) as Spawn,
    runtime: JSON.parse(row.runtime) as Runtime,
    builtIn: row.built_in === 1,
    ...(row.npm_package !== null ? { npmPackage: row.npm_package } : {}),
    createdAt: row.created_at,
  };
}

export class TemplatesRepo {
  private readonly upsertStmt: Statement<[TemplateRow], TemplateRow>;
  private readonly byName: Statement<[string], TemplateRow>;
  private readonly all: Statement<[], TemplateRow>;
  private readonly deleteStmt: Statement<[string]>;

  constructor(db: Database) {
    // A template is identified by its name: re-registering a name replaces its definition but
    // keeps the original id and creation time, so references and ordering stay stable.
    this.upsertStmt = db.prepare<[TemplateRow], TemplateRow>(
      `INSERT INTO agent_templates (id, name, description, spawn, runtime, built_in, npm_package, created_at)
       VALUES (@id, @name, @description, @spawn, @runtime, @built_in, @npm_package, @created_at)
       ON CONFLICT (name) DO UPDATE SET
         description = excluded.description,
         spawn = excluded.spawn,
         runtime = excluded.runtime,
         built_in = excluded.built_in,
         npm_package = excluded.npm_package
       RETURNING *`,
    );
    this.byName = db.prepare<[string], TemplateRow>('SELECT * FROM agent_templates WHERE name = ?');
    this.all = db.prepare<[], TemplateRow>('SELECT * FROM agent_templates ORDER BY built_in DESC, name');
    this.deleteStmt = db.prepare<[string]>('DELETE FROM agent_templates WHERE name = ?');
  }

  /** Inserts, or replaces the template with the same name; returns what is stored. */
  upsert(template: AgentTemplate): AgentTemplate {
    const row = guard('saving an agent template', () =>
      this.upsertStmt.get({
        id: template.id,
        name: template.name,
        description: template.description,
        spawn: JSON.stringify(template.spawn),
        runtime: JSON.stringify(template.runtime),
        built_in: template.builtIn ? 1 : 0,
        npm_package: template.npmPackage ?? null,
        created_at: template.createdAt,
      }),
    );
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

  /** True when a template was deleted. */
  delete(name: string): boolean {
    return this.deleteStmt.run(name).changes > 0;
  }
}
