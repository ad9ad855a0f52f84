import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { DEFAULT_DEMO_PASSWORD, PASSWORD_MIN_LENGTH, weakPasswordReason } from './common/password';

/**
 * Every setting of the platform, read from the environment and validated once.
 * Numbers that encode a rule of the Party Charter live in `rules` with their defaults
 * from Quy định 24-QĐ/TW / Hướng dẫn 12-HD/BTCTW, never as literals in the code.
 */
export interface DatabaseConfig {
  type: 'sqlite' | 'mysql';
  /** SQLite file path (sqlite) or connection URL (mysql). */
  url: string;
  /** Embedded mode: a SQLite file that the server creates, migrates and seeds itself. */
  embedded: boolean;
  /** MySQL read replicas: lists, loaders and statistics read there; writes and transactions go to the primary. */
  replicaUrls?: string[];
  /** MySQL connections per pool (the primary's, and each replica's). */
  poolSize?: number;
}

export interface RulesConfig {
  /** Minimum age on the day of the cell's vote, in full months (18 years). */
  minAgeMonths: number;
  /** Maximum age without a recorded exception, in full months (60 years). */
  maxAgeMonths: number;
  /** How long an awareness-class certificate stays valid (local practice). */
  awarenessCertificateValidYears: number;
  /** Introducers must have worked or studied with the candidate this long. */
  introducerMinMonths: number;
  /** Youth age (Luật Thanh niên: to 30) for the Youth Union route of introduction. */
  youthMaxAgeMonths: number;
  /** Share of the cell's official members who must agree (numerator / denominator). */
  cellVoteNumerator: number;
  cellVoteDenominator: number;
  /** Working days for the admission decision after the cell resolution, and its one extension. */
  decisionWorkingDays: number;
  decisionExtensionWorkingDays: number;
  /** Working days for the ceremony after the decision. */
  ceremonyWorkingDays: number;
  /** Probation length in months from the ceremony. */
  probationMonths: number;
  /** Working days for the cell, then the committee, to consider official recognition. */
  recognitionCellWorkingDays: number;
  recognitionCommitteeWorkingDays: number;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  database: DatabaseConfig;
  dataDir: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  /** Seed the demo data into an empty database on start (default: embedded mode outside production). */
  seedDemo: boolean;
  demoPassword: string;
  defaultPageSize: number;
  maxPageSize: number;
  /** Log every SQL statement (for debugging). */
  logSql: boolean;
  /** Request limits: selection depth, estimated cost, operations per batched request, body size. */
  maxQueryDepth: number;
  maxQueryComplexity: number;
  maxBatchOperations: number;
  /**
   * How many items a list with no bound of its own (an organization's cells or children, a
   * report's byChild) is assumed to hold when a query's cost is estimated; a report costs as
   * many organizations' worth of rows (see src/graphql/limits.ts).
   */
  listSizeEstimate: number;
  /** Each request's time budget: reports check it before they run, and on MySQL/MariaDB their SQL is stopped past it (QUERY_TIMEOUT). */
  requestTimeoutMs: number;
  bodyLimitBytes: number;
  /** Allowed CORS origins ('*' for any); in production only those configured. */
  corsOrigins: string[];
  /** Introspection and Apollo Sandbox: on outside production unless configured. */
  introspection: boolean;
  /** Failed logins allowed per account and per address within the window before RATE_LIMITED. */
  loginMaxFailuresPerAccount: number;
  loginMaxFailuresPerAddress: number;
  loginWindowSeconds: number;
  /**
   * How long an instance may reuse a caller's principal (role, organization, path) without
   * reading it again. Disabling a user, changing a password or moving an organization clears
   * it on the instance that made the change; other instances notice within this time.
   */
  authCacheSeconds: number;
  /** How long an instance may answer a report from the figures it computed (any write in the tenant clears them). */
  reportCacheSeconds: number;
  /** The built web client (web/dist), served at `/`; null serves none (the API alone). */
  webDir: string | null;
  rules: RulesConfig;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function intSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function boolSetting(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

export function databaseConfigFromEnv(env: Env = process.env): DatabaseConfig {
  return databaseSetting(env, path.resolve(env.DATA_DIR || 'data'));
}

function databaseSetting(env: Env, dataDir: string): DatabaseConfig {
  const url = env.DATABASE_URL;
  if (!url) {
    if (env.DATABASE_REPLICA_URLS) throw new ConfigError('DATABASE_REPLICA_URLS needs a MySQL DATABASE_URL');
    return { type: 'sqlite', url: env.SQLITE_PATH || path.join(dataDir, 'ketnap.sqlite'), embedded: true };
  }
  if (/^(mysql|mariadb):\/\//.test(url)) {
    const parsed = new URL(url);
    if (!parsed.pathname || parsed.pathname === '/') {
      throw new ConfigError('DATABASE_URL must name a database, e.g. mysql://root@127.0.0.1:3306/ketnap');
    }
    const replicaUrls = (env.DATABASE_REPLICA_URLS ?? '')
      .split(',')
      .map((replica) => replica.trim())
      .filter(Boolean)
      .map((replica) => {
        if (!/^(mysql|mariadb):\/\//.test(replica)) throw new ConfigError(`DATABASE_REPLICA_URLS must hold mysql:// URLs, got "${replica}"`);
        return replica.replace(/^mariadb:/, 'mysql:');
      });
    const poolSize = intSetting(env, 'DATABASE_POOL_SIZE', 10, 1, 1000);
    return { type: 'mysql', url: url.replace(/^mariadb:/, 'mysql:'), embedded: false, poolSize, ...(replicaUrls.length ? { replicaUrls } : {}) };
  }
  if (env.DATABASE_REPLICA_URLS) throw new ConfigError('DATABASE_REPLICA_URLS needs a MySQL DATABASE_URL');
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    return { type: 'sqlite', url: file, embedded: false };
  }
  throw new ConfigError(`DATABASE_URL must start with mysql://, mariadb:// or sqlite:, got "${url}"`);
}

const JWT_SECRET_MIN_LENGTH = 32;
const JWT_SECRET_MIN_DISTINCT = 12;

/** The JWT secret: configured, or (outside production) generated once and kept in the data directory. */
function jwtSecretSetting(env: Env, dataDir: string, production: boolean): string {
  const configured = env.JWT_SECRET;
  if (configured !== undefined && configured !== '') {
    if (configured.length < JWT_SECRET_MIN_LENGTH) throw new ConfigError(`JWT_SECRET must be at least ${JWT_SECRET_MIN_LENGTH} characters long`);
    // A secret of spaces, or "xxxx...", is as good as none: anyone could sign tokens with it.
    if (/\s/.test(configured) || new Set(configured).size < JWT_SECRET_MIN_DISTINCT) {
      throw new ConfigError(`JWT_SECRET must hold no spaces and at least ${JWT_SECRET_MIN_DISTINCT} different characters (e.g. the output of \`openssl rand -base64 48\`)`);
    }
    return configured;
  }
  if (production) throw new ConfigError('JWT_SECRET must be set when NODE_ENV=production');
  const file = path.join(dataDir, 'jwt-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/**
 * The demo data: seeded by default into the embedded database outside production only. Its
 * logins are published (README, start-up banner), so production seeds it only when asked, and
 * never with the published password or one shorter than any user's may be.
 */
function demoSetting(env: Env, embedded: boolean, production: boolean): { seedDemo: boolean; demoPassword: string } {
  const seedDemo = boolSetting(env, 'SEED_DEMO', embedded && !production);
  const configured = env.DEMO_PASSWORD;
  const weakness = configured ? weakPasswordReason(configured) : 'it is not set';
  if (production && seedDemo && weakness) {
    throw new ConfigError(
      `SEED_DEMO=true with NODE_ENV=production needs DEMO_PASSWORD: at least ${PASSWORD_MIN_LENGTH} characters, several different ones, and not the published "${DEFAULT_DEMO_PASSWORD}" (${weakness}); or leave SEED_DEMO unset to start empty`,
    );
  }
  return { seedDemo, demoPassword: configured || DEFAULT_DEMO_PASSWORD };
}

/**
 * NODE_ENV: production, development or test, in any case, spaces around ignored; unset means
 * development. Anything else is refused: "Production" or "prod" must not start a development
 * server (demo logins, introspection) where production was meant.
 */
function nodeEnvSetting(env: Env): AppConfig['env'] {
  const value = (env.NODE_ENV ?? '').trim().toLowerCase();
  if (value === '' || value === 'development') return 'development';
  if (value === 'production' || value === 'test') return value;
  throw new ConfigError(`NODE_ENV must be production, development or test, got "${env.NODE_ENV}"`);
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = nodeEnvSetting(env);
  const dataDir = path.resolve(env.DATA_DIR || 'data');
  const database = databaseSetting(env, dataDir);
  const defaultPageSize = intSetting(env, 'DEFAULT_PAGE_SIZE', 20, 1, 1000);
  const maxPageSize = intSetting(env, 'MAX_PAGE_SIZE', 100, 1, 1000);
  if (defaultPageSize > maxPageSize) throw new ConfigError('DEFAULT_PAGE_SIZE cannot exceed MAX_PAGE_SIZE');
  return {
    env: nodeEnv,
    port: intSetting(env, 'PORT', 4000, 0, 65535),
    database,
    dataDir,
    jwtSecret: jwtSecretSetting(env, dataDir, nodeEnv === 'production'),
    jwtTtlSeconds: intSetting(env, 'JWT_TTL_SECONDS', 12 * 3600, 60, 30 * 24 * 3600),
    ...demoSetting(env, database.embedded, nodeEnv === 'production'),
    defaultPageSize,
    maxPageSize,
    logSql: boolSetting(env, 'LOG_SQL', false),
    maxQueryDepth: intSetting(env, 'MAX_QUERY_DEPTH', 12, 2, 100),
    maxQueryComplexity: intSetting(env, 'MAX_QUERY_COMPLEXITY', 25000, 10, 10_000_000),
    maxBatchOperations: intSetting(env, 'MAX_BATCH_OPERATIONS', 10, 1, 100),
    listSizeEstimate: intSetting(env, 'LIST_SIZE_ESTIMATE', 100, 1, 100_000),
    requestTimeoutMs: intSetting(env, 'REQUEST_TIMEOUT_MS', 10_000, 1, 600_000),
    bodyLimitBytes: intSetting(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 50 * 1024 * 1024),
    corsOrigins: (env.CORS_ORIGINS ?? (nodeEnv === 'production' ? '' : '*')).split(',').map((o) => o.trim()).filter(Boolean),
    introspection: boolSetting(env, 'GRAPHQL_INTROSPECTION', nodeEnv !== 'production'),
    loginMaxFailuresPerAccount: intSetting(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1, 1000),
    loginMaxFailuresPerAddress: intSetting(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 30, 1, 100000),
    loginWindowSeconds: intSetting(env, 'LOGIN_WINDOW_SECONDS', 15 * 60, 10, 24 * 3600),
    authCacheSeconds: intSetting(env, 'AUTH_CACHE_SECONDS', 5, 0, 300),
    reportCacheSeconds: intSetting(env, 'REPORT_CACHE_SECONDS', 30, 0, 3600),
    webDir: env.WEB_DIR === '' ? null : path.resolve(env.WEB_DIR || path.join('web', 'dist')),
    rules: {
      minAgeMonths: intSetting(env, 'RULE_MIN_AGE_MONTHS', 18 * 12, 0, 1200),
      maxAgeMonths: intSetting(env, 'RULE_MAX_AGE_MONTHS', 60 * 12, 0, 1200),
      awarenessCertificateValidYears: intSetting(env, 'RULE_AWARENESS_CERT_VALID_YEARS', 5, 1, 50),
      introducerMinMonths: intSetting(env, 'RULE_INTRODUCER_MIN_MONTHS', 12, 0, 120),
      youthMaxAgeMonths: intSetting(env, 'RULE_YOUTH_MAX_AGE_MONTHS', 30 * 12, 0, 1200),
      cellVoteNumerator: intSetting(env, 'RULE_CELL_VOTE_NUMERATOR', 2, 1, 100),
      cellVoteDenominator: intSetting(env, 'RULE_CELL_VOTE_DENOMINATOR', 3, 1, 100),
      decisionWorkingDays: intSetting(env, 'RULE_DECISION_WORKING_DAYS', 60, 1, 1000),
      decisionExtensionWorkingDays: intSetting(env, 'RULE_DECISION_EXTENSION_WORKING_DAYS', 30, 0, 1000),
      ceremonyWorkingDays: intSetting(env, 'RULE_CEREMONY_WORKING_DAYS', 30, 1, 1000),
      probationMonths: intSetting(env, 'RULE_PROBATION_MONTHS', 12, 1, 120),
      recognitionCellWorkingDays: intSetting(env, 'RULE_RECOGNITION_CELL_WORKING_DAYS', 30, 1, 1000),
      recognitionCommitteeWorkingDays: intSetting(env, 'RULE_RECOGNITION_COMMITTEE_WORKING_DAYS', 30, 1, 1000),
    },
  };
}
