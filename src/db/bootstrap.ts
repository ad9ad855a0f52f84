import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import { log } from '../logger';
import { createDataSource, ensureSqliteDirectory, type EntityList } from './data-source';

/** MySQL: create the configured database if it is missing, or say clearly how to. */
export async function ensureMysqlDatabase(url: string): Promise<void> {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_$]+$/.test(database)) throw new Error(`Database name "${database}" may hold only letters, digits, _ and $`);
  parsed.pathname = '/';

  let connection;
  try {
    connection = await mysql.createConnection({ uri: parsed.toString(), connectTimeout: 5000 });
  } catch (error) {
    throw new Error(`Cannot connect to MySQL at ${parsed.host}: ${(error as Error).message}. Is the server running and is DATABASE_URL right?`);
  }
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_vietnamese_ci`);
  } catch (error) {
    throw new Error(
      `Database "${database}" does not exist and could not be created (${(error as Error).message}). Create it with: ` +
        `CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_vietnamese_ci;`,
    );
  } finally {
    await connection.end();
  }
}

/**
 * Connects and applies pending migrations: the only way the schema changes. `entities` is the
 * modules' list (src/modules/entities.ts), handed in by the caller: db/ knows no module.
 */
export async function openDatabase(config: AppConfig, entities: EntityList): Promise<DataSource> {
  if (config.database.type === 'mysql') await ensureMysqlDatabase(config.database.url);
  else ensureSqliteDirectory(config.database);
  const dataSource = createDataSource(config.database, entities, config.logSql);
  await dataSource.initialize();
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  for (const migration of applied) log('info', 'migration applied', { migration: migration.name });
  return dataSource;
}
