import { QueryFailedError, type DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { AppError, ErrorCode } from '../errors/app-error';
import { committed } from './commit-listeners';

/**
 * Runs `work` in one transaction: every multi-step write goes through here, so nothing
 * half-written stays in the database. SQLite has a single writer, so its transactions are
 * queued instead of colliding ("cannot start a transaction within a transaction"). On MySQL a
 * transaction that loses a deadlock is run again (the work must only touch the database), and
 * races the database settles are told to the client with a proper code, never as INTERNAL.
 */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();
const DEADLOCK_ATTEMPTS = 4;

function driverCode(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string } }).driverError;
  return driverError?.code;
}

function isRetryable(error: unknown): boolean {
  const code = driverCode(error);
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT';
}

/** A unique index refused the write: another request created the same thing first. */
function translate(error: unknown): unknown {
  const code = driverCode(error);
  if (code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new AppError(ErrorCode.BAD_USER_INPUT, 'This already exists (another change created the same record first); reload and try again');
  }
  if (isRetryable(error)) return new AppError(ErrorCode.CONFLICT, 'Too many simultaneous changes to the same records; try again');
  return error;
}

/**
 * Who writes: a request's caller (whose tenant the write stays in; a principal of auth/ fits), or
 * the database alone (start-up, CLI).
 */
export type Writer = DataSource | { dataSource: DataSource; principal: { tenantId: number | null } | null };

export async function inTransaction<T>(writer: Writer, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const dataSource = 'principal' in writer ? writer.dataSource : writer;
  // A caller bound to a tenant can only write in it (the permissions keep every write in the
  // caller's subtree): caches of the other tenants stay. Otherwise every tenant's are dropped.
  const tenantId = 'principal' in writer ? (writer.principal?.tenantId ?? null) : null;
  if (dataSource.options.type !== 'better-sqlite3') {
    for (let attempt = 1; ; attempt += 1) {
      try {
        // READ COMMITTED: a check made after taking a row lock sees what the lock's previous
        // holder committed (under REPEATABLE READ it would read an older snapshot).
        const result = await dataSource.transaction('READ COMMITTED', work);
        committed(dataSource, tenantId);
        return result;
      } catch (error) {
        if (!isRetryable(error) || attempt >= DEADLOCK_ATTEMPTS) throw translate(error);
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
      }
    }
  }
  const previous = sqliteQueues.get(dataSource) ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(() => dataSource.transaction(work).catch((error: unknown) => Promise.reject(translate(error))))
    .then((result) => {
      committed(dataSource, tenantId);
      return result;
    });
  sqliteQueues.set(dataSource, run);
  return run;
}

/**
 * Locks a row until the transaction ends, so check-then-write sequences on it (one school per
 * cell, one secretary per cell) run one at a time. SQLite's transactions are already serial.
 */
export async function lockRow<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, id: number): Promise<void> {
  if (em.connection.options.type !== 'mysql') return;
  await em.getRepository(entity).createQueryBuilder('locked').select('locked.id').where('locked.id = :id', { id }).setLock('pessimistic_write').getOne();
}
