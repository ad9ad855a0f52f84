import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import { AppError, ErrorCode } from '../errors/app-error';

/**
 * Login throttling, kept in the database so every instance behind a load balancer agrees:
 * too many failures for one account, or from one address, within the window answer
 * RATE_LIMITED until the oldest of them leaves the window.
 */
export async function assertLoginAllowed(dataSource: DataSource, config: AppConfig, email: string, address: string): Promise<void> {
  const since = Math.floor(Date.now() / 1000) - config.loginWindowSeconds;
  const [byAccount] = (await dataSource.query('SELECT COUNT(*) AS n, MIN(at_epoch) AS oldest FROM login_failure WHERE email = ? AND at_epoch > ?', [email, since])) as { n: number | string; oldest: number | string | null }[];
  const [byAddress] = (await dataSource.query('SELECT COUNT(*) AS n, MIN(at_epoch) AS oldest FROM login_failure WHERE address = ? AND at_epoch > ?', [address, since])) as { n: number | string; oldest: number | string | null }[];
  const blocked = [
    { count: Number(byAccount.n), max: config.loginMaxFailuresPerAccount, oldest: Number(byAccount.oldest) },
    { count: Number(byAddress.n), max: config.loginMaxFailuresPerAddress, oldest: Number(byAddress.oldest) },
  ].find((bucket) => bucket.count >= bucket.max);
  if (blocked) {
    const retryAfterSeconds = Math.max(1, blocked.oldest + config.loginWindowSeconds - Math.floor(Date.now() / 1000));
    throw new AppError(ErrorCode.RATE_LIMITED, `Too many failed logins; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`, { retryAfterSeconds });
  }
}

export async function recordLoginFailure(dataSource: DataSource, email: string, address: string): Promise<void> {
  await dataSource.query('INSERT INTO login_failure (email, address, at_epoch) VALUES (?, ?, ?)', [email, address, Math.floor(Date.now() / 1000)]);
}

/** A successful login clears the account's failures (not the address's). */
export async function clearLoginFailures(dataSource: DataSource, email: string): Promise<void> {
  await dataSource.query('DELETE FROM login_failure WHERE email = ?', [email]);
}
