import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config';
import { MIGRATIONS } from '../../migrations';
import { CountingLogger } from './query-counter';

/** The entities of the schema: the modules' list, handed in by the roots (db/ imports no module). */
export type EntityList = NonNullable<DataSourceOptions['entities']>;

/** The options of a DataSource for `database`: migrations only (never synchronize), every statement counted. */
export function dataSourceOptions(database: DatabaseConfig, entities: EntityList, logSql = false): DataSourceOptions {
  const common = {
    entities,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logger: new CountingLogger(logSql),
    logging: true as const,
  };
  if (database.type === 'mysql') {
    return {
      ...common,
      type: 'mysql',
      url: database.url,
      // Select query builders read from a replica; raw queries, writes and transactions use the primary.
      ...(database.replicaUrls?.length ? { replication: { master: { url: database.url }, slaves: database.replicaUrls.map((url) => ({ url })) } } : {}),
      charset: 'utf8mb4',
      timezone: 'Z',
      dateStrings: ['DATE'],
      poolSize: database.poolSize ?? 10,
      connectTimeout: 2000,
    };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: database.url,
    enableWAL: database.url !== ':memory:',
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('busy_timeout = 5000');
    },
  };
}

/** A DataSource for the database (nothing is opened or created until it is initialized). */
export function createDataSource(database: DatabaseConfig, entities: EntityList, logSql = false): DataSource {
  return new DataSource(dataSourceOptions(database, entities, logSql));
}

/**
 * Creates the directory an SQLite file goes in (the default is ./data), or says clearly what to
 * set when it cannot (a read-only or someone else's directory, as in a container run as a user).
 */
export function ensureSqliteDirectory(database: DatabaseConfig): void {
  if (database.type !== 'sqlite' || database.url === ':memory:') return;
  const directory = path.dirname(path.resolve(database.url));
  try {
    fs.mkdirSync(directory, { recursive: true });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`Cannot create ${directory} for the SQLite database (${reason}): set DATA_DIR or SQLITE_PATH to a writable place, or DATABASE_URL to use MySQL`);
  }
}
