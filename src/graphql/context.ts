import crypto from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import { defineAbilityFor, type AppAbility } from '../auth/ability';
import type { Principal } from '../auth/principal';
import { verifyToken } from '../auth/tokens';
import { createLoaders, type Loaders } from './loaders';
import { User } from '../modules/user/user.entity';
import { Organization } from '../modules/organization/organization.entity';
import { ErrorCode, isDatabaseUnavailable, unauthenticated } from '../errors/app-error';
import { principalFromApiKey } from '../modules/api-key/api-key.service';
import { timeBudget, type TimeBudget } from '../db/time-limit';

/**
 * What a list read with its page for each row (relations joined into the page's statement), by
 * row object: the row's fields read it before asking the loaders. Each module declares its own
 * entry (declaration merging), so this layer names none.
 */
export interface JoinedWithPage {}

/** What every resolver receives: the caller, what they may do, and this request's loaders. */
export interface RequestContext {
  requestId: string;
  config: AppConfig;
  dataSource: DataSource;
  principal: Principal | null;
  ability: AppAbility;
  loaders: Loaders;
  /** The caller's network address (login throttling). */
  clientAddress: string;
  /** Restricted fields this request returned, written to the audit log when it ends. */
  sensitiveReads: { subjectType: 'Candidate' | 'Member'; id: number; tenantId: number; organizationId: number; field: string }[];
  /** The request's time budget (REQUEST_TIMEOUT_MS), from when its context is built: reports check it, their SQL is stopped past it. */
  budget: TimeBudget;
  /** Set by the first list of the request that joins relations into its page (see JoinedWithPage). */
  joinedWithPage?: WeakMap<object, JoinedWithPage>;
}

export interface ContextDeps {
  config: AppConfig;
  dataSource: DataSource;
}

function refused(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

/** A session token that is forged, expired or revoked: the person logs in again. */
function sessionExpired(): GraphQLError {
  return refused('Your session is no longer valid; log in again');
}

/**
 * An API key that is unknown, malformed or revoked: a reporting client has no session to log in
 * to, so it is told about the key (one message for all three: whether a key exists is not told).
 */
function apiKeyRefused(): GraphQLError {
  return refused('This API key is not valid (unknown, mistyped or revoked); ask a committee of your organization for a new key');
}

/** An Authorization header of neither kind. */
function unknownScheme(): GraphQLError {
  return refused('The Authorization header must be "Bearer <session token>" or "ApiKey <key>"');
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

/** The caller behind a bearer token: a disabled user or an older token version is refused. */
export async function principalFromToken(deps: ContextDeps, token: string): Promise<Principal> {
  const claims = verifyToken(deps.config.jwtSecret, token);
  const userId = claims ? Number(claims.sub) : NaN;
  if (!claims || !Number.isSafeInteger(userId)) throw sessionExpired();
  const cache = cacheOf(deps.dataSource);
  const key = `${userId}:${claims.tv}`;
  const cached = cache.get(key);
  if (cached && cached.until > Date.now()) return cached.principal;
  const row = await deps.dataSource
    .getRepository(User)
    .createQueryBuilder('app_user')
    .leftJoin(Organization, 'org', 'org.id = app_user.organizationId')
    .select(['app_user.id', 'app_user.role', 'app_user.tenantId', 'app_user.organizationId', 'app_user.memberId', 'app_user.disabled', 'app_user.tokenVersion'])
    .addSelect('org.path', 'org_path')
    .where('app_user.id = :userId', { userId })
    .getRawAndEntities();
  const user = row.entities[0];
  if (!user || user.disabled || user.tokenVersion !== claims.tv) throw sessionExpired();
  const principal: Principal = {
    userId: user.id,
    role: user.role,
    tenantId: user.tenantId,
    organizationId: user.organizationId,
    organizationPath: (row.raw[0]?.org_path as string | null) ?? '',
    memberId: user.memberId,
  };
  if (deps.config.authCacheSeconds > 0) {
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { principal, until: Date.now() + deps.config.authCacheSeconds * 1000 });
  }
  return principal;
}

export function contextFor(deps: ContextDeps, principal: Principal | null, requestId: string = crypto.randomUUID(), clientAddress = 'unknown'): RequestContext {
  const ability = defineAbilityFor(principal);
  return {
    requestId,
    config: deps.config,
    dataSource: deps.dataSource,
    principal,
    ability,
    loaders: createLoaders(deps.dataSource.manager, ability),
    clientAddress,
    sensitiveReads: [],
    budget: timeBudget(deps.config.requestTimeoutMs),
  };
}

export async function buildContext(deps: ContextDeps, authorization: string | undefined, requestId?: string, clientAddress?: string): Promise<RequestContext> {
  let principal: Principal | null = null;
  if (authorization) {
    try {
      principal = await principalFromAuthorization(deps, authorization);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      throw new GraphQLError('The database is unavailable right now; try again shortly', { extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, http: { status: 503 } } });
    }
  }
  return contextFor(deps, principal, requestId, clientAddress);
}

async function principalFromAuthorization(deps: ContextDeps, authorization: string): Promise<Principal> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (bearer) return principalFromToken(deps, bearer[1]);
  const apiKey = /^ApiKey\s+(\S+)$/i.exec(authorization);
  if (!apiKey) throw unknownScheme();
  const principal = await principalFromApiKey(deps.dataSource, apiKey[1]);
  if (!principal) throw apiKeyRefused();
  return principal;
}

/** The caller, or UNAUTHENTICATED. */
export function requirePrincipal(ctx: RequestContext): Principal {
  if (!ctx.principal) throw unauthenticated();
  return ctx.principal;
}

/** After login, the rest of the request (the payload's nested fields) acts as the new user. */
export function actAs(ctx: RequestContext, principal: Principal): void {
  const fresh = contextFor({ config: ctx.config, dataSource: ctx.dataSource }, principal, ctx.requestId, ctx.clientAddress);
  ctx.principal = fresh.principal;
  ctx.ability = fresh.ability;
  ctx.loaders = fresh.loaders;
}
