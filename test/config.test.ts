import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';
import { dataSourceOptions } from '../ormconfig';
import { assertNamedDatabase } from '../src/db/scale/options';

/** Settings read from the environment: the database pool, and the database the scale generator may fill. */
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

describe('the scale generator (npm run seed:scale)', () => {
  it('refuses the embedded demo database that npm start serves, naming what to set', () => {
    expect(() => assertNamedDatabase({ NODE_ENV: 'production', DATA_DIR: '/srv/ketnap' })).toThrow(/^Set DATABASE_URL .* or SQLITE_PATH/);
  });

  it('fills a database named by DATABASE_URL or SQLITE_PATH', () => {
    expect(() => assertNamedDatabase({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/ketnap_scale' })).not.toThrow();
    expect(() => assertNamedDatabase({ SQLITE_PATH: '/tmp/scale.sqlite' })).not.toThrow();
  });
});

describe('the DataSource definition (ormconfig.ts)', () => {
  it('touches no file until the database is opened: importing it for the TypeORM CLI creates no data directory', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ketnap-ormconfig-'));
    try {
      const url = path.join(root, 'nested', 'ketnap.sqlite');
      expect(dataSourceOptions({ type: 'sqlite', url, embedded: true })).toMatchObject({ type: 'better-sqlite3', database: url });
      expect(fs.existsSync(path.join(root, 'nested'))).toBe(false);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
