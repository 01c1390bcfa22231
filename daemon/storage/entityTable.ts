// One table of records keyed by `id`, built from its repository's one column list: the insert,
// the read by id, patches and every whole-row SELECT encode and decode through that list, so a
// repository writes only its own queries.
import { columnNames, encodeAll, rowDecoder, type EntityColumns, type PatchColumns, type Row } from './columns.js';
import type { Database, Statement } from './database.js';
import { guard } from './errors.js';
import { PatchStatements } from './patch.js';

export class EntityTable<T extends { id: string }, Fixed extends keyof T = 'id'> {
  /** The record a whole row of this table stands for. */
  readonly decode: (row: Row) => T;
  private readonly insertStmt: Statement<unknown[]>;
  private readonly byId: (id: string) => T | null;
  private readonly patches: PatchStatements<Omit<T, Fixed>>;

  /** `fixed`: the fields a patch never changes (the id, and whatever else the record is keyed by). */
  constructor(
    private readonly db: Database,
    private readonly table: string,
    private readonly columns: EntityColumns<T>,
    fixed: readonly Fixed[],
  ) {
    this.decode = rowDecoder(columns);
    const names = columnNames(columns);
    this.insertStmt = db.prepare<unknown[]>(
      `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
    );
    this.byId = this.one<[string]>('WHERE id = ?');
    const patchable = Object.fromEntries(
      Object.entries(columns).filter(([field]) => !(fixed as readonly string[]).includes(field)),
    ) as PatchColumns<Omit<T, Fixed>>;
    this.patches = new PatchStatements(db, table, patchable);
  }

  /** Stores `entity` as given; SQLite failures become `StorageError`s (see `guard`). */
  insert(entity: T, what: string): T {
    guard(what, () => this.insertStmt.run(...encodeAll(this.columns, entity)));
    return entity;
  }

  /** Writes only the fields present in `patch`; throws `StorageError` `not_found`. */
  update(id: string, patch: Partial<Omit<T, Fixed>>, what: string): T {
    return this.decode(this.patches.apply(id, patch, what));
  }

  get(id: string): T | null {
    return this.byId(id);
  }

  /** A prepared SELECT of whole rows; `clauses` is what follows `FROM table` (WHERE, ORDER BY, LIMIT). */
  many<Params extends unknown[]>(clauses: string): (...params: Params) => T[] {
    const statement = this.select<Params>(clauses);
    return (...params) => statement.all(...params).map(this.decode);
  }

  /** Like `many`, for the first row only: null when nothing matches. */
  one<Params extends unknown[]>(clauses: string): (...params: Params) => T | null {
    const statement = this.select<Params>(clauses);
    return (...params) => {
      const row = statement.get(...params);
      return row === undefined ? null : this.decode(row);
    };
  }

  private select<Params extends unknown[]>(clauses: string): Statement<Params, Row> {
    return this.db.prepare<Params, Row>(`SELECT * FROM ${this.table} ${clauses}`);
  }
}
