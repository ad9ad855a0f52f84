import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseConfigFromEnv, type DatabaseConfig } from './src/config';
import { ENTITIES } from './src/db/entities';
import { MIGRATIONS } from './migrations';
import { CountingLogger } from './src/db/query-counter';

/** The one DataSource definition, used by the server, the CLI commands and the tests. */
export function dataSourceOptions(database: DatabaseConfig, logSql = false): DataSourceOptions {
  const common = {
    entities: ENTITIES,
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
  if (database.url !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(database.url)), { recursive: true });
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

export function createDataSource(database: DatabaseConfig, logSql = false): DataSource {
  return new DataSource(dataSourceOptions(database, logSql));
}

/** For the TypeORM CLI (`npx typeorm -d dist/ormconfig.js ...`). */
export default createDataSource(databaseConfigFromEnv(process.env));
