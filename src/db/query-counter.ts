import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger, QueryRunner } from 'typeorm';

/** What one unit of work (a GraphQL request, a CLI step) has sent to the database. */
export interface SqlScope {
  statements: number;
}

export const sqlScope = new AsyncLocalStorage<SqlScope>();

/** Runs `fn` and counts the SQL statements it issues (the N+1 check in tests and benchmarks). */
export async function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const scope: SqlScope = { statements: 0 };
  const result = await sqlScope.run(scope, fn);
  return { result, statements: scope.statements };
}

/** TypeORM logger that counts statements per scope and, when asked, prints them. */
export class CountingLogger implements Logger {
  constructor(private readonly printQueries: boolean) {}

  logQuery(query: string, parameters?: unknown[], _queryRunner?: QueryRunner): void {
    const scope = sqlScope.getStore();
    if (scope) scope.statements += 1;
    if (this.printQueries) process.stderr.write(`[sql] ${query} ${parameters?.length ? JSON.stringify(parameters) : ''}\n`);
  }

  logQueryError(error: string | Error, query: string, parameters?: unknown[]): void {
    if (this.printQueries) process.stderr.write(`[sql error] ${String(error)} in ${query} ${JSON.stringify(parameters ?? [])}\n`);
  }

  logQuerySlow(time: number, query: string): void {
    if (this.printQueries) process.stderr.write(`[sql slow ${time}ms] ${query}\n`);
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    if (process.env.NODE_ENV !== 'test') process.stderr.write(`[migration] ${message}\n`);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') process.stderr.write(`[typeorm] ${String(message)}\n`);
  }
}
