import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../ormconfig';
import { ensureMysqlDatabase } from '../../src/db/bootstrap';
import type { DatabaseConfig } from '../../src/config';

/**
 * A fresh database for one test file, built by the real migrations: an in-memory SQLite
 * database by default, or, when DATABASE_URL / TEST_DATABASE_URL is a mysql:// URL, a new
 * MySQL database named after it with a random suffix, dropped afterwards. An unreachable
 * MySQL fails the tests; it never skips them.
 */
export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

export function isMysql(): boolean {
  return /^(mysql|mariadb):/.test(testDatabaseUrl() ?? '');
}

export interface TestDatabase {
  config: DatabaseConfig;
  dataSource: DataSource;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = testDatabaseUrl();
  if (url && isMysql()) {
    const parsed = new URL(url.replace(/^mariadb:/, 'mysql:'));
    const base = parsed.pathname.replace(/^\//, '') || 'ketnap_test';
    parsed.pathname = `/${base}_${crypto.randomBytes(4).toString('hex')}`;
    const config: DatabaseConfig = { type: 'mysql', url: parsed.toString(), embedded: false };
    await ensureMysqlDatabase(config.url);
    return migrated(config, async (dataSource) => {
      const name = parsed.pathname.slice(1);
      await dataSource.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await dataSource.destroy();
    });
  }
  if (url && !url.startsWith('sqlite:')) throw new Error(`Unsupported test database URL: ${url}`);
  return migrated({ type: 'sqlite', url: ':memory:', embedded: false }, (dataSource) => dataSource.destroy());
}

/** A data source on `config`, built by the real migrations, and `drop` to remove it. */
async function migrated(config: DatabaseConfig, drop: (dataSource: DataSource) => Promise<void>): Promise<TestDatabase> {
  const dataSource = createDataSource(config);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return { config, dataSource, drop: () => drop(dataSource) };
}

/** Runs `run` with every SQL statement the data source sends meanwhile collected in `statements`. */
export async function withStatements<T>(dataSource: DataSource, run: (statements: string[]) => Promise<T>): Promise<T> {
  const statements: string[] = [];
  const logger = dataSource.logger;
  const logQuery = logger.logQuery.bind(logger);
  logger.logQuery = (query, parameters, runner) => {
    statements.push(query);
    logQuery(query, parameters, runner);
  };
  try {
    return await run(statements);
  } finally {
    logger.logQuery = logQuery;
  }
}
