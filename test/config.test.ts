import { ConfigError, loadConfig } from '../src/config';
import { dataSourceOptions } from '../ormconfig';

/** Settings read from the environment: the database pool. */
const base = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40), DATABASE_URL: 'mysql://root@127.0.0.1:3306/ketnap' };

describe('DATABASE_POOL_SIZE', () => {
  it('defaults to 10 connections and reaches the MySQL pool when set', () => {
    expect(loadConfig(base).database.poolSize).toBe(10);
    const database = loadConfig({ ...base, DATABASE_POOL_SIZE: '24' }).database;
    expect(database.poolSize).toBe(24);
    expect(dataSourceOptions(database)).toMatchObject({ type: 'mysql', poolSize: 24 });
  });

  it.each(['0', '-3', '2.5', 'many', '100000'])('refuses %p, naming the setting', (value) => {
    expect(() => loadConfig({ ...base, DATABASE_POOL_SIZE: value })).toThrow(new ConfigError(`DATABASE_POOL_SIZE must be a whole number from 1 to 1000, got "${value}"`));
  });
});
