/**
 * Column type names exactly as PostgreSQL's `format_type(oid, typmod)` prints them
 * ("integer", "character varying(20)", "numeric(10,2)", "timestamp with time zone", "integer[]").
 *
 * A row description gives (type oid, type modifier) pairs; {@link TypeNames} resolves the pairs it
 * has not seen through ONE `format_type` query and caches them for the connection's lifetime
 * (user-defined types are per database, so the cache belongs to one connection).
 * When that query cannot run (the session is in a failed transaction, the connection is gone),
 * {@link fallbackTypeName} names the built-in types from a static table.
 */

export interface TypeKey {
  oid: number;
  typmod: number;
}

/** Runs `format_type` for the given pairs; answers in the same order. */
export type FormatTypeQuery = (oids: number[], typmods: number[]) => Promise<string[]>;

/** One round trip for any number of pairs; ORDINALITY keeps the answer in input order. */
export const FORMAT_TYPE_SQL =
  'SELECT format_type(t.oid, t.typmod) FROM unnest($1::oid[], $2::int4[]) WITH ORDINALITY AS t(oid, typmod, n) ORDER BY t.n';

const key = (oid: number, typmod: number): string => `${oid}:${typmod}`;

export class TypeNames {
  private readonly cache = new Map<string, string>();

  constructor(private readonly query: FormatTypeQuery) {}

  /** Pairs not cached yet, without duplicates. */
  missing(pairs: Iterable<TypeKey>): TypeKey[] {
    const out = new Map<string, TypeKey>();
    for (const p of pairs) {
      const k = key(p.oid, p.typmod);
      if (!this.cache.has(k)) out.set(k, { oid: p.oid, typmod: p.typmod });
    }
    return [...out.values()];
  }

  /**
   * Looks up the uncached pairs in one query. Returns false (and caches nothing) when the query
   * failed; {@link name} then falls back to the static table for those pairs.
   */
  async resolve(pairs: Iterable<TypeKey>): Promise<boolean> {
    const todo = this.missing(pairs);
    if (todo.length === 0) return true;
    let names: string[];
    try {
      names = await this.query(
        todo.map((p) => p.oid),
        todo.map((p) => p.typmod),
      );
    } catch {
      return false;
    }
    if (names.length !== todo.length) return false;
    todo.forEach((p, i) => this.cache.set(key(p.oid, p.typmod), names[i]));
    return true;
  }

  name(oid: number, typmod: number): string {
    return this.cache.get(key(oid, typmod)) ?? fallbackTypeName(oid, typmod);
  }
}

/** format_type(oid, -1) of built-in types (checked against a live server by the integration tests). */
export const BUILTIN_TYPE_NAMES: Readonly<Record<number, string>> = {
  16: 'boolean',
  17: 'bytea',
  18: '"char"',
  19: 'name',
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  24: 'regproc',
  25: 'text',
  26: 'oid',
  114: 'json',
  142: 'xml',
  199: 'json[]',
  650: 'cidr',
  700: 'real',
  701: 'double precision',
  705: 'unknown',
  790: 'money',
  829: 'macaddr',
  869: 'inet',
  1000: 'boolean[]',
  1001: 'bytea[]',
  1005: 'smallint[]',
  1007: 'integer[]',
  1009: 'text[]',
  1014: 'bpchar[]',
  1015: 'character varying[]',
  1016: 'bigint[]',
  1021: 'real[]',
  1022: 'double precision[]',
  1028: 'oid[]',
  1042: 'bpchar',
  1043: 'character varying',
  1082: 'date',
  1083: 'time without time zone',
  1114: 'timestamp without time zone',
  1115: 'timestamp without time zone[]',
  1182: 'date[]',
  1184: 'timestamp with time zone',
  1185: 'timestamp with time zone[]',
  1186: 'interval',
  1231: 'numeric[]',
  1266: 'time with time zone',
  1560: '"bit"',
  1562: 'bit varying',
  1700: 'numeric',
  2205: 'regclass',
  2206: 'regtype',
  2249: 'record',
  2278: 'void',
  2950: 'uuid',
  2951: 'uuid[]',
  3614: 'tsvector',
  3802: 'jsonb',
  3807: 'jsonb[]',
  3904: 'int4range',
};

/** Best-effort name without asking the server: built-in types and their common modifiers. */
export function fallbackTypeName(oid: number, typmod: number): string {
  const base = BUILTIN_TYPE_NAMES[oid];
  if (base === undefined) return `oid ${oid}`;
  if (typmod < 0) return base;
  switch (oid) {
    case 1043:
      return typmod >= 4 ? `character varying(${typmod - 4})` : base;
    case 1042:
      return typmod >= 4 ? `character(${typmod - 4})` : base;
    case 1700: {
      if (typmod < 4) return base;
      const t = typmod - 4;
      const scale = ((t & 0x7ff) ^ 1024) - 1024;
      return `numeric(${(t >> 16) & 0xffff},${scale})`;
    }
    case 1083:
      return `time(${typmod}) without time zone`;
    case 1114:
      return `timestamp(${typmod}) without time zone`;
    case 1184:
      return `timestamp(${typmod}) with time zone`;
    case 1266:
      return `time(${typmod}) with time zone`;
    case 1560:
      return `bit(${typmod})`;
    case 1562:
      return `bit varying(${typmod})`;
    default:
      return base;
  }
}
