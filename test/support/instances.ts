/**
 * Instances of the API started by the tests themselves (not through startTestServer): their
 * configuration, GraphQL over HTTP to one of them, and two instances on one database (on SQLite,
 * two connections to one file in WAL mode, as two processes would have).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../ormconfig';
import { loadConfig, type AppConfig, type DatabaseConfig } from '../../src/config';
import { startApp, type RunningApp } from '../../src/app';
import { createTestDatabase, isMysql, type TestDatabase } from './database';

export async function gql(app: RunningApp, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** A test configuration of an instance on `database`. */
export function configFor(database: DatabaseConfig, overrides: Partial<AppConfig> = {}): AppConfig {
  return { ...loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'test-secret-that-is-long-enough-0123456789', SQLITE_PATH: ':memory:' }), database, seedDemo: false, ...overrides };
}

export interface TwoInstances {
  /** A's connection, also the one the tests build their data with. */
  first: DataSource;
  second: DataSource;
  a: RunningApp;
  b: RunningApp;
  stop(): Promise<void>;
}

/** Instances A and B on one new database, without a principal cache (a change on one shows on the other at once). */
export async function startTwoInstances(sqlitePrefix: string): Promise<TwoInstances> {
  let db: TestDatabase | null = null;
  let sqliteDir: string | null = null;
  let database: DatabaseConfig;
  let first: DataSource;
  if (isMysql()) {
    db = await createTestDatabase();
    database = db.config;
    first = db.dataSource;
  } else {
    sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), sqlitePrefix));
    database = { type: 'sqlite', url: path.join(sqliteDir, 'shared.sqlite'), embedded: false };
    first = createDataSource(database);
    await first.initialize();
    await first.runMigrations();
  }
  const second = createDataSource(database);
  await second.initialize();
  const a = await startApp(configFor(database, { authCacheSeconds: 0 }), first, 0);
  const b = await startApp(configFor(database, { authCacheSeconds: 0 }), second, 0);
  return {
    first,
    second,
    a,
    b,
    async stop() {
      await a.stop();
      await b.stop();
      await second.destroy();
      if (db) await db.drop();
      else await first.destroy();
      if (sqliteDir) fs.rmSync(sqliteDir, { recursive: true, force: true });
    },
  };
}
