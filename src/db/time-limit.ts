import type { DataSource } from 'typeorm';
import { queryTimeout } from '../errors/app-error';

/**
 * A request's time budget (REQUEST_TIMEOUT_MS): work checks it before it starts, and on
 * MySQL/MariaDB a long statement is stopped by the server once the budget is spent, so the
 * connection goes back to the pool instead of serving one request for a minute.
 */
export interface TimeBudget {
  /** When the budget ends (epoch milliseconds). */
  deadline: number;
  /** The whole budget, for the message. */
  budgetMs: number;
}

export function timeBudget(budgetMs: number, now = Date.now()): TimeBudget {
  // A context made without the setting (a script's hand-built config) has no limit.
  return { deadline: Number.isFinite(budgetMs) ? now + budgetMs : Infinity, budgetMs };
}

/** The milliseconds left, or QUERY_TIMEOUT when none are. */
export function remainingMs(budget: TimeBudget): number {
  const left = budget.deadline - Date.now();
  if (left <= 0) throw queryTimeout(budget.budgetMs);
  return left;
}

/** QUERY_TIMEOUT once the budget is spent. */
export function assertWithinBudget(budget: TimeBudget): void {
  remainingMs(budget);
}

/** Lets the event loop answer other requests (SQLite runs statements synchronously), then checks the budget. */
export async function yieldWithinBudget(budget: TimeBudget): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  assertWithinBudget(budget);
}

/** MariaDB (10 and up) and MySQL (5.7 to 9) stop a statement differently. */
function serverKind(dataSource: DataSource): 'mariadb' | 'mysql' | null {
  if (dataSource.options.type !== 'mysql' && dataSource.options.type !== 'mariadb') return null;
  if (dataSource.options.type === 'mariadb') return 'mariadb';
  // TypeORM keeps the primary's version without its suffix ("10.11.6"); MariaDB's numbers start at 10.
  const major = Number(String((dataSource.driver as { version?: string }).version ?? '').split('.')[0]);
  return major >= 10 ? 'mariadb' : 'mysql';
}

/**
 * A read statement (SELECT ... [UNION ...]) that the database stops after what is left of the
 * budget: MariaDB's `SET STATEMENT max_statement_time=<s> FOR`, MySQL's `MAX_EXECUTION_TIME`
 * hint. SQLite has no such limit (its statements run in the event loop): the budget is checked
 * between statements instead. QUERY_TIMEOUT when nothing is left.
 */
export function limitedStatement(dataSource: DataSource, sql: string, budget: TimeBudget): string {
  const remaining = remainingMs(budget);
  if (!Number.isFinite(remaining)) return sql;
  const left = Math.max(1, Math.ceil(remaining));
  switch (serverKind(dataSource)) {
    case 'mariadb':
      // Seconds, to the millisecond (0 would mean no limit).
      return `SET STATEMENT max_statement_time=${(left / 1000).toFixed(3)} FOR ${sql}`;
    case 'mysql':
      return sql.replace(/^\s*SELECT\b/i, `SELECT /*+ MAX_EXECUTION_TIME(${left}) */`);
    default:
      return sql;
  }
}

/** The database stopped a statement at its time limit (MariaDB 1969, MySQL 3024). */
export function isStatementTimeout(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 3; depth += 1) {
    const { code, errno, driverError } = current as { code?: unknown; errno?: unknown; driverError?: unknown };
    if (code === 'ER_STATEMENT_TIMEOUT' || code === 'ER_QUERY_TIMEOUT' || errno === 1969 || errno === 3024) return true;
    current = driverError;
  }
  return false;
}

/** Runs a read statement within the budget; QUERY_TIMEOUT when the database stops it. */
export async function queryWithinBudget<T>(run: (sql: string) => Promise<T>, dataSource: DataSource, sql: string, budget: TimeBudget | undefined): Promise<T> {
  if (!budget) return run(sql);
  try {
    return await run(limitedStatement(dataSource, sql, budget));
  } catch (error) {
    if (isStatementTimeout(error)) throw queryTimeout(budget.budgetMs);
    throw error;
  }
}
