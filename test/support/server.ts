import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../../src/config';
import { startApp, type RunningApp } from '../../src/app';
import { createTestDatabase, type TestDatabase } from './database';
import { signToken } from '../../src/auth/tokens';
import type { User } from '../../src/modules/user/user.entity';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
  /** SQL statements the request took (x-sql-statements). */
  statements: number;
}

export interface TestServer {
  config: AppConfig;
  dataSource: DataSource;
  db: TestDatabase;
  app: RunningApp;
  /** Sends a GraphQL request over HTTP, as a client would. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  /** A valid session token for a user (login itself is tested through the API in auth.test.ts). */
  tokenFor(user: User): string;
  close(): Promise<void>;
}

export async function startTestServer(overrides: Partial<AppConfig> = {}): Promise<TestServer> {
  const db = await createTestDatabase();
  const config: AppConfig = {
    ...loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'test-secret-that-is-long-enough-0123456789', SQLITE_PATH: ':memory:' }),
    database: db.config,
    seedDemo: false,
    // Statement counts in tests must not depend on whether a principal's cache entry expired.
    authCacheSeconds: 300,
    // Reports are cached per instance; tests read figures right after writing rows directly.
    reportCacheSeconds: 0,
    // The API alone unless a test serves a web build of its own (web/dist may or may not exist here).
    webDir: null,
    ...overrides,
  };
  const app = await startApp(config, db.dataSource, 0);
  return {
    config,
    dataSource: db.dataSource,
    db,
    app,
    async gql<T>(query: string, variables: Record<string, unknown> = {}, token?: string) {
      const response = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status' | 'statements'>;
      return { status: response.status, ...body, statements: Number(response.headers.get('x-sql-statements') ?? NaN) };
    },
    tokenFor(user: User) {
      return signToken(config.jwtSecret, config.jwtTtlSeconds, user.id, user.tokenVersion);
    },
    async close() {
      await app.stop();
      await db.drop();
    },
  };
}

/** The data of a response that must have succeeded; fails the test with the errors otherwise. */
export function ok<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(response.errors ?? 'no data', null, 2)}`);
  }
  return response.data;
}

/** The single error code of a failed response. */
export function errorCode(response: GraphQLResponse): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}
