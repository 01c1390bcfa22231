// Partial updates that write only the columns a patch names. One statement per distinct set of
// columns, prepared on first use and reused, so hot patches (a session's state) cost no re-parse.
import { encodeValue, type ColumnCodec, type PatchColumns, type Row } from './columns.js';
import type { Database, Statement } from './database.js';
import { StorageError, guard } from './errors.js';

export class PatchStatements<T extends object> {
  private readonly statements = new Map<string, Statement<unknown[], Row>>();
  private readonly select: Statement<[string], Row>;

  constructor(
    private readonly db: Database,
    private readonly table: string,
    private readonly columns: PatchColumns<T>,
  ) {
    this.select = db.prepare<[string], Row>(`SELECT * FROM ${table} WHERE id = ?`);
  }

  /** Writes the patch's defined, updatable fields and returns the row; `not_found` if no such id. */
  apply(id: string, patch: Partial<T>, what: string): Row {
    const keys = (Object.keys(patch) as (keyof T & string)[])
      .filter((k) => patch[k] !== undefined && this.columns[k] !== undefined)
      .sort();
    const row = keys.length === 0 ? this.select.get(id) : this.update(id, patch, keys, what);
    if (row === undefined) throw new StorageError('not_found', `${what}: no ${this.table} row with id ${id}`);
    return row;
  }

  private update(id: string, patch: Partial<T>, keys: (keyof T & string)[], what: string): Row | undefined {
    const params: unknown[] = keys.map((k) => encodeValue(this.columns[k] as ColumnCodec<T[typeof k]>, patch[k] as T[typeof k]));
    params.push(id);
    return guard(what, () => this.statementFor(keys).get(...params));
  }

  private statementFor(keys: (keyof T & string)[]): Statement<unknown[], Row> {
    const cacheKey = keys.join(',');
    let statement = this.statements.get(cacheKey);
    if (statement === undefined) {
      const sets = keys.map((k) => `${(this.columns[k] as ColumnCodec<unknown>).column} = ?`).join(', ');
      statement = this.db.prepare<unknown[], Row>(`UPDATE ${this.table} SET ${sets} WHERE id = ? RETURNING *`);
      this.statements.set(cacheKey, statement);
    }
    return statement;
  }
}
