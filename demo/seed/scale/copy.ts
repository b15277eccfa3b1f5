// COPY ... FROM STDIN in PostgreSQL's text format: one line per row, columns separated by tabs, \N for null,
// and backslash, newline, carriage return and tab escaped inside values. Column names and types come from the
// drizzle schema (drizzle's own snake_case mapping), so a row encoder cannot drift from the table.
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { getTableColumns, getTableName, type Column } from 'drizzle-orm';
import { CasingCache } from 'drizzle-orm/casing';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const SPECIAL = /[\\\n\r\t]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Escapes one text value for the COPY text format. */
function copyEscape(s: string): string {
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : s;
}

/** A PostgreSQL array literal of text: {"a","b\"c"} (elements quoted, backslash and quote escaped). */
function arrayLiteral(items: readonly (string | null)[]): string {
  return `{${items.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, (c) => '\\' + c)}"`)).join(',')}}`;
}

type Encode = (v: unknown) => string;

const text: Encode = (v) => copyEscape(typeof v === 'string' ? v : String(v));
// Values that cannot contain a tab, newline or backslash go out as they are.
const plain: Encode = (v) => (typeof v === 'string' ? v : String(v));
const json: Encode = (v) => copyEscape(JSON.stringify(v));
const array: Encode = (v) => copyEscape(arrayLiteral(v as (string | null)[]));
// Date#toISOString for every timestamp of ~10 million rows is measurable; rows of one story share minutes.
let cachedMinute = Number.NaN;
let cachedPrefix = '';
const time: Encode = (v) => {
  const ms = v instanceof Date ? v.getTime() : (v as number);
  const minute = Math.floor(ms / 60_000);
  if (minute !== cachedMinute) {
    cachedMinute = minute;
    cachedPrefix = new Date(minute * 60_000).toISOString().slice(0, 17);
  }
  const rest = ms - minute * 60_000;
  const sec = Math.floor(rest / 1000);
  const milli = rest - sec * 1000;
  return `${cachedPrefix}${sec < 10 ? '0' : ''}${sec}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
};
const bool: Encode = (v) => (v ? 't' : 'f');

function encoderFor(column: Column): Encode {
  switch (column.columnType) {
    case 'PgJsonb':
    case 'PgJson':
      return json;
    case 'PgArray':
      return array;
    case 'PgTimestamp':
    case 'PgTimestampString':
      return time;
    case 'PgBoolean':
      return bool;
    case 'PgUUID':
    case 'PgEnumColumn':
    case 'PgInteger':
    case 'PgBigInt53':
    case 'PgBigSerial53':
    case 'PgNumeric':
      return plain;
    default:
      return text;
  }
}

const casing = new CasingCache('snake_case');

export interface RowFormat<R> {
  table: string;
  columns: string[];
  line: (row: R) => string;
}

/**
 * The COPY column list and line encoder for `keys` of a drizzle table (a key missing from a row is null,
 * so list only the keys the rows carry and let the database fill the rest from its defaults).
 */
export function rowFormat<T extends PgTable, K extends keyof T['$inferInsert'] & string>(
  table: T,
  keys: readonly K[],
): RowFormat<Pick<T['$inferInsert'], K>> {
  const all = getTableColumns(table) as Record<string, Column>;
  const encoders = keys.map((k) => {
    const column = all[k];
    if (!column) throw new Error(`${getTableName(table)} has no column for key ${k}`);
    return encoderFor(column);
  });
  const columns = keys.map((k) => casing.getColumnCasing(all[k]!));
  const n = keys.length;
  return {
    table: getTableName(table),
    columns,
    line: (row) => {
      const r = row as Record<string, unknown>;
      let s = '';
      for (let i = 0; i < n; i++) {
        const v = r[keys[i]!];
        s += (i === 0 ? '' : '\t') + (v === null || v === undefined ? '\\N' : encoders[i]!(v));
      }
      return s + '\n';
    },
  };
}

export interface CopyResult {
  ms: number;
  /** From the last byte sent to the statement's completion: the AFTER STATEMENT rollup trigger, mostly. */
  tailMs: number;
  /** Time spent in the rollup trigger functions, when this role may track function timing (superuser). */
  triggerMs: number | null;
  bytes: number;
}

/**
 * Streams `source` into `table` with one COPY statement in its own transaction. Inside it, function timing
 * is switched on (superuser only) to measure the statement-level rollup triggers the COPY fires.
 */
export async function copyInto(
  client: PoolClient,
  table: string,
  columns: string[],
  source: Readable,
): Promise<CopyResult> {
  const started = performance.now();
  let bytes = 0;
  let lastByte = started;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      lastByte = performance.now();
      callback(null, chunk);
    },
  });
  const superuser =
    (await client.query<{ s: boolean }>('select rolsuper as s from pg_roles where rolname = current_user')).rows[0]
      ?.s === true;
  await client.query('begin');
  try {
    // The rollup triggers aggregate the whole transition table at the end of the statement.
    await client.query("set local work_mem = '256MB'");
    await client.query('set local synchronous_commit = off');
    const triggerTime = async () =>
      Number(
        (
          await client.query<{ ms: number | null }>(
            "select coalesce(sum(total_time), 0) as ms from pg_stat_xact_user_functions where funcname like 'rollup_%'",
          )
        ).rows[0]?.ms ?? 0,
      );
    // Function timing not yet reported sits in this backend across transactions: measure the difference.
    let before = 0;
    if (superuser) {
      // Full-page images dominate the WAL of a bulk load; compressing them is a superuser setting.
      await client.query("set local wal_compression = 'pglz'");
      await client.query("set local track_functions = 'pl'");
      before = await triggerTime();
    }
    const list = columns.map((c) => client.escapeIdentifier(c)).join(', ');
    await pipeline(
      source,
      count,
      client.query(copyFrom(`copy ${client.escapeIdentifier(table)} (${list}) from stdin`)),
    );
    const done = performance.now();
    const triggerMs = superuser ? (await triggerTime()) - before : null;
    await client.query('commit');
    return { ms: performance.now() - started, tailMs: done - lastByte, triggerMs, bytes };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}
