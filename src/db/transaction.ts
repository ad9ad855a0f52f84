import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `work` in one transaction: every multi-step write goes through here, so nothing
 * half-written stays in the database. SQLite has a single writer, so its transactions are
 * queued instead of colliding ("cannot start a transaction within a transaction").
 */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

export async function inTransaction<T>(dataSource: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'better-sqlite3') {
    return dataSource.transaction(work);
  }
  const previous = sqliteQueues.get(dataSource) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => dataSource.transaction(work));
  sqliteQueues.set(dataSource, run);
  return run;
}
