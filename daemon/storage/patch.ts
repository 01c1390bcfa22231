// Partial updates that write only the columns a patch names. One statement per distinct set of
// columns, prepared on first use and reused, so hot patches (a session's state) cost no re-parse.
import type { Database, Statement } from './database.js';
import { StorageError, guard } from './errors.js';

export interface ColumnCodec<V> {
  readonly column: string;
  /** Row value for a field value; identity when absent. */
  readonly encode?: (value: V) => unknown;
}

/** Which fields of `T` are updatable, and how each is stored. Fields not listed are ignored. */
export type PatchColumns<T> = { readonly [K in keyof T]?: ColumnCodec<T[K]> };

/** Every field of `T` with its column: the complete mapping an insert is built from. */
export type EntityColumns<T> = { readonly [K in keyof T]-?: ColumnCodec<T[K]> };

/** Column names of a complete mapping, in its key order. */
export function columnNames<T>(columns: EntityColumns<T>): string[] {
  return Object.values(columns as unknown as Record<string, ColumnCodec<unknown>>).map((c) => c.column);
}

/** Row values of `entity` for a complete mapping, in its key order (matching `columnNames`). */
export function encodeAll<T extends object>(columns: EntityColumns<T>, entity: T): unknown[] {
  return (Object.keys(columns) as (keyof T)[]).map((k) => {
    const codec = columns[k] as ColumnCodec<T[keyof T]>;
    return codec.encode ? codec.encode(entity[k]) : entity[k];
  });
}

export class PatchStatements<T extends object, Row> {
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
    const params: unknown[] = keys.map((k) => {
      const codec = this.columns[k] as ColumnCodec<T[typeof k]>;
      const value = patch[k] as T[typeof k];
      return codec.encode ? codec.encode(value) : value;
    });
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

/** JSON column codec. */
export const json = <V>(column: string): ColumnCodec<V> => ({ column, encode: (v) => JSON.stringify(v) });
/** JSON column that may be NULL. */
export const jsonOrNull = <V>(column: string): ColumnCodec<V | null> => ({
  column,
  encode: (v) => (v === null ? null : JSON.stringify(v)),
});
/** Boolean stored as 0/1. */
export const bool = (column: string): ColumnCodec<boolean> => ({ column, encode: (v) => (v ? 1 : 0) });
/** Plain column. */
export const plain = <V>(column: string): ColumnCodec<V> => ({ column });

/** Parses a JSON column, keeping NULL as null. */
export function parseJsonOrNull<V>(text: string | null): V | null {
  return text === null ? null : (JSON.parse(text) as V);
}
