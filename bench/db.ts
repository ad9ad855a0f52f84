import mysql from 'mysql2/promise';

/**
 * Direct database access for the benchmark (outside the API): choosing fixtures, the dataset
 * size, the hand-written "floor" queries, EXPLAIN, and putting back what the mutation scenario
 * wrote. The same `?`-placeholder SQL runs on MySQL/MariaDB (mysql2 pool) and SQLite
 * (better-sqlite3, demo mode only).
 */
export interface BenchDb {
  kind: 'mysql' | 'sqlite';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** "10.11.6-MariaDB" or "SQLite 3.45.1". */
  version(): Promise<string>;
  close(): Promise<void>;
}

export class MysqlBenchDb implements BenchDb {
  readonly kind = 'mysql' as const;
  readonly pool: mysql.Pool;

  constructor(url: string, connectionLimit: number) {
    // dateStrings: dates come back exactly as stored, so restoring rows is a faithful round trip.
    this.pool = mysql.createPool({ uri: url.replace(/^mariadb:/, 'mysql:'), connectionLimit, dateStrings: true, supportBigNumbers: true, multipleStatements: false });
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const [rows] = await this.pool.query(sql, params);
    return rows as T[];
  }

  async version(): Promise<string> {
    const [row] = await this.query<{ v: string }>('SELECT VERSION() AS v');
    return row.v;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

interface SqliteStatement {
  all(...params: unknown[]): unknown[];
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  close(): void;
}

export class SqliteBenchDb implements BenchDb {
  readonly kind = 'sqlite' as const;
  private readonly db: SqliteDatabase;

  constructor(file: string) {
    // better-sqlite3 ships no types of its own; the two calls used here are typed above.
    const Database = require('better-sqlite3') as new (file: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => SqliteDatabase;
    this.db = new Database(file, { readonly: true, fileMustExist: true });
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.prepare(sql).all(...params) as T[];
  }

  async version(): Promise<string> {
    const [row] = await this.query<{ v: string }>('SELECT sqlite_version() AS v');
    return `SQLite ${row.v}`;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** Tables whose exact row counts describe the dataset. */
export const DATASET_TABLES = ['organization', 'school', 'school_headcount', 'member', 'candidate', 'candidate_stage_event', 'candidate_stall_reason', 'target', 'app_user', 'audit_log'] as const;

export async function datasetSize(db: BenchDb): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of DATASET_TABLES) {
    const [row] = await db.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`);
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Can we reach this MySQL URL, and does it hold candidates? */
export async function probeMysql(url: string): Promise<{ ok: true; candidates: number } | { ok: false; reason: string }> {
  let connection: mysql.Connection | undefined;
  try {
    connection = await mysql.createConnection({ uri: url.replace(/^mariadb:/, 'mysql:'), connectTimeout: 3000 });
    const [rows] = await connection.query('SELECT COUNT(*) AS n FROM candidate');
    return { ok: true, candidates: Number((rows as { n: number | string }[])[0].n) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await connection?.end().catch(() => undefined);
  }
}
