import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import { AppError, ErrorCode } from '../errors/app-error';
import { LoginFailure } from './login-failure.entity';

/**
 * Login throttling, kept in the database so every instance behind a load balancer agrees.
 * Each attempt is written BEFORE the password is checked and then counted, so attempts sent
 * at the same time cannot all slip under the limit: at most `max` attempts per account (and
 * per address) within the window reach the password check. A successful login clears the
 * account's attempts; a failed one stays counted.
 */
function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

async function countSince(dataSource: DataSource, column: 'email' | 'address', value: string, since: number) {
  const [row] = (await dataSource.query(`SELECT COUNT(*) AS n, MIN(at_epoch) AS oldest FROM login_failure WHERE ${column} = ? AND at_epoch > ?`, [value, since])) as {
    n: number | string;
    oldest: number | string | null;
  }[];
  return { count: Number(row.n), oldest: Number(row.oldest) };
}

/** Records the attempt, then refuses it with RATE_LIMITED if it is over a limit. */
export async function beginLoginAttempt(dataSource: DataSource, config: AppConfig, email: string, address: string): Promise<void> {
  const now = nowSeconds();
  const inserted = await dataSource.getRepository(LoginFailure).insert({ email, address, atEpoch: now });
  const attemptId = Number(inserted.identifiers[0]?.id);
  const since = now - config.loginWindowSeconds;
  const byAccount = await countSince(dataSource, 'email', email, since);
  const byAddress = await countSince(dataSource, 'address', address, since);
  const blocked = [
    { ...byAccount, max: config.loginMaxFailuresPerAccount },
    { ...byAddress, max: config.loginMaxFailuresPerAddress },
  ].find((bucket) => bucket.count > bucket.max);
  if (blocked) {
    // A refused attempt checked no password: it does not count as a failure.
    await dataSource.getRepository(LoginFailure).delete({ id: attemptId });
    const retryAfterSeconds = Math.max(1, blocked.oldest + config.loginWindowSeconds - nowSeconds());
    throw new AppError(ErrorCode.RATE_LIMITED, `Too many failed logins; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`, { retryAfterSeconds });
  }
}

/** A successful login clears the account's attempts (not the address's). */
export async function clearLoginFailures(dataSource: DataSource, email: string): Promise<void> {
  await dataSource.query('DELETE FROM login_failure WHERE email = ?', [email]);
}
