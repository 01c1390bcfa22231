// How a protocol record's fields are stored. A repository lists its record's fields once, in
// order; each is stored as is in the column named by the field in snake_case (`sessionId` →
// `session_id`, the rule errors.ts reads conflicts back by) unless a codec says otherwise. Inserts,
// patches and row decoding are all built from that list, so no mapping is written twice.

/** A row as better-sqlite3 returns it for `SELECT *`. */
export type Row = Record<string, unknown>;

/** How one field is stored when not as is, or not in its snake_case column. */
export interface Codec<V> {
  readonly column?: string;
  /** Row value for a field value; identity when absent. */
  readonly encode?: (value: V) => unknown;
  /** Field value for a row value; identity when absent. `undefined` leaves the field off the record. */
  readonly decode?: (value: unknown) => V | undefined;
}

/** A codec with its column resolved. */
export interface ColumnCodec<V> extends Codec<V> {
  readonly column: string;
}

/** Which fields of `T` are updatable, and how each is stored. Fields not listed are ignored. */
export type PatchColumns<T> = { readonly [K in keyof T]?: ColumnCodec<T[K]> };

/** Every field of `T` with its column: the complete mapping inserts and reads are built from. */
export type EntityColumns<T> = { readonly [K in keyof T]-?: ColumnCodec<T[K]> };

/** A field's column: its name in snake_case. */
function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Type of a field list that leaves a field of `T` out: names the missing ones in the compiler's message. */
type ListsEvery<T, F extends readonly unknown[]> = [Exclude<keyof T, F[number]>] extends [never]
  ? unknown
  : { missingFields: Exclude<keyof T, F[number]> };

/**
 * The columns of a table of `T` records. `fields` names every field (the compiler names any left
 * out) in the order records are built; `codecs` gives the fields not stored as is in their
 * snake_case column. Called as `columnsOf<T>()(fields, codecs)` so that `T` is given and the
 * list's literal type is inferred.
 */
export function columnsOf<T>() {
  return <const F extends readonly (keyof T & string)[]>(
    fields: F & ListsEvery<T, F>,
    codecs: { readonly [K in keyof T]?: Codec<T[K]> } = {},
  ): EntityColumns<T> =>
    Object.fromEntries(
      fields.map((field) => {
        const codec = (codecs[field] ?? {}) as Codec<unknown>;
        return [field, { ...codec, column: codec.column ?? snakeCase(field) }];
      }),
    ) as EntityColumns<T>;
}

type Entry = readonly [field: string, codec: ColumnCodec<unknown>];

function entries<T>(columns: PatchColumns<T>): Entry[] {
  return Object.entries(columns as Record<string, ColumnCodec<unknown> | undefined>).filter(
    (e): e is [string, ColumnCodec<unknown>] => e[1] !== undefined,
  );
}

/** Column names of a complete mapping, in its key order. */
export function columnNames<T>(columns: EntityColumns<T>): string[] {
  return entries(columns).map(([, c]) => c.column);
}

/** Row value of one field. */
export function encodeValue<V>(codec: ColumnCodec<V>, value: V): unknown {
  return codec.encode ? codec.encode(value) : value;
}

/** Row values of `entity` for a complete mapping, in its key order (matching `columnNames`). */
export function encodeAll<T extends object>(columns: EntityColumns<T>, entity: T): unknown[] {
  const fields = entity as Record<string, unknown>;
  return entries(columns).map(([field, codec]) => encodeValue(codec, fields[field]));
}

/**
 * Builds records of `T` from rows. The entries are listed once up front: decoding runs for every
 * row a list returns.
 */
export function rowDecoder<T>(columns: EntityColumns<T>): (row: Row) => T {
  const list = entries(columns);
  return (row) => {
    const record: Record<string, unknown> = {};
    for (const [field, codec] of list) {
      const raw = row[codec.column];
      const value = codec.decode ? codec.decode(raw) : raw;
      if (value !== undefined) record[field] = value;
    }
    // Enum columns are trusted: only the repositories write them, from values the protocol's types allow.
    return record as T;
  };
}

/** Stored as is in another column than the field's snake_case name. */
export const column = <V>(name: string): Codec<V> => ({ column: name });

/** JSON column. */
export const json = <V>(): Codec<V> => ({
  encode: (v) => JSON.stringify(v),
  decode: (v) => JSON.parse(v as string) as V,
});

/** JSON column that may be NULL (null on the record). */
export const jsonOrNull = <V>(): Codec<V | null> => ({
  encode: (v) => (v === null ? null : JSON.stringify(v)),
  decode: (v) => parseJsonOrNull<V>(v as string | null),
});

/** Boolean stored as 0/1. */
export const bool = (): Codec<boolean> => ({
  encode: (v) => (v ? 1 : 0),
  decode: (v) => v === 1,
});

/** Optional field stored as NULL when absent; a NULL reads back as an absent field, not null. */
export const optional = <V>(): Codec<V | undefined> => ({
  encode: (v) => v ?? null,
  decode: (v) => (v === null ? undefined : (v as V)),
});

/** Optional JSON field stored as NULL when absent or null; a NULL reads back as an absent field. */
export const optionalJson = <V>(): Codec<V | null | undefined> => ({
  encode: (v) => (v == null ? null : JSON.stringify(v)),
  decode: (v) => (v === null ? undefined : (JSON.parse(v as string) as V)),
});

/** Optional (never null) JSON field stored as NULL when absent; a NULL reads back as an absent field. */
export const optionalJsonField = <V>(): Codec<V | undefined> => ({
  encode: (v) => (v === undefined ? null : JSON.stringify(v)),
  decode: (v) => (v === null ? undefined : (JSON.parse(v as string) as V)),
});

/**
 * Optional field whose column stores `fallback` when absent; the fallback reads back as an absent
 * field, so a record written without it reads back as written.
 */
export const optionalWithDefault = <V>(fallback: V): Codec<V | undefined> => ({
  encode: (v) => v ?? fallback,
  decode: (v) => (v === fallback ? undefined : (v as V)),
});

/** Parses a JSON column, keeping NULL as null. */
function parseJsonOrNull<V>(text: string | null): V | null {
  return text === null ? null : (JSON.parse(text) as V);
}
