import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';
import { dataSourceOptions } from '../ormconfig';
import { assertNamedDatabase } from '../src/tools/scale/options';

/** Settings read from the environment: the database pool, and the database the scale generator may fill. */
const base = { NODE_ENV: 'test', JWT_SECRET: 'a-strong-test-secret-0123456789-abcdefghij', DATABASE_URL: 'mysql://root@127.0.0.1:3306/ketnap' };

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

describe('settings that guard production (outside review F3-F5)', () => {
  const STRONG = 'a-strong-test-secret-0123456789-abcdefghij';
  const sqlite = { SQLITE_PATH: ':memory:' };

  it('refuses a JWT_SECRET of spaces, with spaces, or of few different characters, in any environment', () => {
    for (const secret of [' '.repeat(40), `${STRONG} `, 'x'.repeat(40), 'ab'.repeat(20), '0123456789'.repeat(4).slice(0, 11).repeat(4)]) {
      for (const NODE_ENV of ['production', 'development']) {
        expect(() => loadConfig({ NODE_ENV, JWT_SECRET: secret, ...sqlite })).toThrow(/JWT_SECRET must hold no spaces and at least 12 different characters/);
      }
    }
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: STRONG, ...sqlite }).jwtSecret).toBe(STRONG);
    // A hex secret (openssl rand -hex 32) has 16 different characters.
    const hex = 'f3a9c01b7e4d2a6058b9c3e1d7f20a4c6b8e9d1f0a2b3c4d5e6f708192a3b4c5';
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: hex, ...sqlite }).jwtSecret).toBe(hex);
  });

  it('reads NODE_ENV in any case and refuses what it does not know: "Production" is production, "prod" starts nothing', () => {
    for (const value of ['Production', 'PRODUCTION', ' production ']) {
      expect(loadConfig({ NODE_ENV: value, JWT_SECRET: STRONG, ...sqlite }).env).toBe('production');
      // ...so it needs a secret, and seeds no demo.
      expect(() => loadConfig({ NODE_ENV: value, ...sqlite })).toThrow(/JWT_SECRET must be set/);
      expect(loadConfig({ NODE_ENV: value, JWT_SECRET: STRONG }).seedDemo).toBe(false);
      expect(loadConfig({ NODE_ENV: value, JWT_SECRET: STRONG }).introspection).toBe(false);
    }
    for (const value of ['prod', 'staging', 'productio']) {
      expect(() => loadConfig({ NODE_ENV: value, JWT_SECRET: STRONG, ...sqlite })).toThrow(/NODE_ENV must be production, development or test/);
    }
    expect(loadConfig({ JWT_SECRET: STRONG, ...sqlite }).env).toBe('development');
    expect(loadConfig({ NODE_ENV: 'Development', JWT_SECRET: STRONG, ...sqlite }).env).toBe('development');
  });

  it('refuses, in production, a DEMO_PASSWORD that is the published one in disguise or weak', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: STRONG, ...sqlite, SEED_DEMO: 'true' };
    for (const [password, reason] of [
      ['ketnap-demo ', /published/],
      [' KETNAP-DEMO', /published/],
      ['Ketnap-Demo', /published/],
      ['aaaaaaaaaa', /fewer than 5 different characters/],
      ['abababababab', /fewer than 5 different characters/],
      ['short', /too short/],
    ] as const) {
      expect(() => loadConfig({ ...production, DEMO_PASSWORD: password })).toThrow(reason);
    }
    expect(loadConfig({ ...production, DEMO_PASSWORD: 'a demo password of its own' }).seedDemo).toBe(true);
  });
});
