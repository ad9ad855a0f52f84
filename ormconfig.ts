import 'reflect-metadata';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { databaseConfigFromEnv, type DatabaseConfig } from './src/config';
import { ENTITIES } from './src/modules/entities';
import { createDataSource as createWith, dataSourceOptions as optionsWith } from './src/db/data-source';

/** The one DataSource definition, used by the server, the CLI commands and the tests: db/'s options with the modules' entities. */
export function dataSourceOptions(database: DatabaseConfig, logSql = false): DataSourceOptions {
  return optionsWith(database, ENTITIES, logSql);
}

/** A DataSource for the database (nothing is opened or created until it is initialized). */
export function createDataSource(database: DatabaseConfig, logSql = false): DataSource {
  return createWith(database, ENTITIES, logSql);
}

/** For the TypeORM CLI (`npx typeorm -d dist/ormconfig.js ...`). */
export default createDataSource(databaseConfigFromEnv(process.env));
