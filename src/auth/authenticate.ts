/**
 * Authentication: who a request, a login or a command-line run acts as. Session tokens, API keys
 * and the user a CLI run names all become a Principal here (`principalOf`), and a login checks
 * its password here (`logIn`). The records behind them are read through an AccountDirectory that
 * the user and api-key modules register when they load, so auth/ imports no module.
 */
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import { unauthenticated } from '../errors/app-error';
import { principalOfAccount, principalOfKey, type Account, type KeyAccount, type Principal } from './principal';
import { apiKeyMatches, apiKeyPrefix, checkPassword, hashPassword, signToken, verifyToken } from './tokens';
import { beginLoginAttempt, clearLoginFailures } from './throttle';

export interface AuthDeps {
  config: AppConfig;
  dataSource: DataSource;
}

/** How authentication finds the accounts and keys behind credentials (registered by the modules that own them). */
export interface AccountDirectory {
  accountById(dataSource: DataSource, id: number): Promise<Account | null>;
  /** The account with this (lower-case) email, with its password's hash, for a login. */
  accountByEmail(dataSource: DataSource, email: string): Promise<(Account & { passwordHash: string }) | null>;
  keyByPrefix(dataSource: DataSource, prefix: string): Promise<KeyAccount | null>;
}

const directory: Partial<AccountDirectory> = {};

export function registerAccounts(lookups: Partial<AccountDirectory>): void {
  Object.assign(directory, lookups);
}

function lookup<K extends keyof AccountDirectory>(name: K): AccountDirectory[K] {
  const found = directory[name];
  if (!found) throw new Error(`No ${name} is registered (the modules register their lookups in src/modules/subjects.ts)`);
  return found;
}

export type Credential =
  | { sessionToken: string }
  | { apiKey: string }
  /** The user a command-line run acts as: whoever runs it holds the database, so there is no password. */
  | { userEmail: string };

/** The credential of an Authorization header: "Bearer <session token>" or "ApiKey <key>". */
export function credentialOf(authorization: string): Credential {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
  // An API key sent as a session token would be told to log in again: it has no session.
  if (bearer?.[1].startsWith('knp_')) throw unauthenticated('API keys are sent as "Authorization: ApiKey <key>", not with the Bearer scheme');
  if (bearer) return { sessionToken: bearer[1] };
  const apiKey = /^ApiKey\s+(\S+)$/i.exec(authorization);
  if (apiKey) return { apiKey: apiKey[1] };
  throw unauthenticated('The Authorization header must be "Bearer <session token>" or "ApiKey <key>"');
}

/** Who acts with `credential`, or UNAUTHENTICATED saying what to do about it. */
export function principalOf(deps: AuthDeps, credential: Credential): Promise<Principal> {
  if ('sessionToken' in credential) return principalOfToken(deps, credential.sessionToken);
  if ('apiKey' in credential) return principalOfApiKey(deps, credential.apiKey);
  return principalOfEmail(deps, credential.userEmail);
}

/**
 * Principals read recently, per database and per (user, token version), kept
 * config.authCacheSeconds: a request usually needs no statement to know its caller.
 */
const principalCache = new WeakMap<DataSource, Map<string, { principal: Principal; until: number }>>();

function cacheOf(dataSource: DataSource): Map<string, { principal: Principal; until: number }> {
  let cache = principalCache.get(dataSource);
  if (!cache) {
    cache = new Map();
    principalCache.set(dataSource, cache);
  }
  return cache;
}

/** Forgets cached principals: of one user (disabled, new password), or all (an organization moved). */
export function forgetPrincipals(dataSource: DataSource, userId?: number): void {
  const cache = cacheOf(dataSource);
  if (userId === undefined) cache.clear();
  else for (const key of cache.keys()) if (key.startsWith(`${userId}:`)) cache.delete(key);
}

/** A session token that is forged, expired or revoked: the person logs in again. */
const sessionExpired = () => unauthenticated('Your session is no longer valid; log in again');

/** The caller behind a session token: a disabled user or an older token version is refused. */
async function principalOfToken(deps: AuthDeps, token: string): Promise<Principal> {
  const claims = verifyToken(deps.config.jwtSecret, token);
  const userId = claims ? Number(claims.sub) : NaN;
  if (!claims || !Number.isSafeInteger(userId)) throw sessionExpired();
  const cache = cacheOf(deps.dataSource);
  const key = `${userId}:${claims.tv}`;
  const cached = cache.get(key);
  if (cached && cached.until > Date.now()) return cached.principal;
  const account = await lookup('accountById')(deps.dataSource, userId);
  if (!account || account.disabled || account.tokenVersion !== claims.tv) throw sessionExpired();
  const principal = principalOfAccount(account);
  if (deps.config.authCacheSeconds > 0) {
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { principal, until: Date.now() + deps.config.authCacheSeconds * 1000 });
  }
  return principal;
}

/**
 * The reporting client behind a key. A key that is unknown, malformed or revoked is refused with
 * one message about the key (whether a key exists is not told): a client has no session to log in to.
 */
async function principalOfApiKey(deps: AuthDeps, key: string): Promise<Principal> {
  const refused = () => unauthenticated('This API key is not valid (unknown, mistyped or revoked); ask a committee of your organization for a new key');
  const prefix = apiKeyPrefix(key);
  if (!prefix) throw refused();
  const found = await lookup('keyByPrefix')(deps.dataSource, prefix);
  if (!found || found.revoked || !apiKeyMatches(key, found.keyHash) || found.organizationPath === null) throw refused();
  return principalOfKey({ ...found, organizationPath: found.organizationPath });
}

async function principalOfEmail(deps: AuthDeps, email: string): Promise<Principal> {
  const account = await lookup('accountByEmail')(deps.dataSource, email.trim().toLowerCase());
  if (!account || account.disabled) throw unauthenticated(`No active user ${email}`);
  return principalOfAccount(account);
}

// A hash to compare against when the email is unknown, so both paths take as long.
let unknownUserHash: Promise<string> | null = null;

/**
 * A login by email and password, throttled per account and address (./throttle.ts): the
 * principal it opens, and its session token.
 */
export async function logIn(deps: AuthDeps, email: string, password: string, clientAddress: string): Promise<{ principal: Principal; userId: number; token: string; expiresAt: Date }> {
  const normalized = email.trim().toLowerCase();
  await beginLoginAttempt(deps.dataSource, deps.config, normalized, clientAddress);
  const account = await lookup('accountByEmail')(deps.dataSource, normalized);
  unknownUserHash ??= hashPassword('no such user');
  const passwordOk = await checkPassword(password, account?.passwordHash ?? (await unknownUserHash));
  if (!account || !passwordOk || account.disabled) {
    throw unauthenticated('Email or password is incorrect, or the account is disabled');
  }
  await clearLoginFailures(deps.dataSource, normalized);
  const token = signToken(deps.config.jwtSecret, deps.config.jwtTtlSeconds, account.id, account.tokenVersion);
  return { principal: principalOfAccount(account), userId: account.id, token, expiresAt: new Date(Date.now() + deps.config.jwtTtlSeconds * 1000) };
}
