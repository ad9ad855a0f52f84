/**
 * A request's context: who calls, what they may do, and this request's loaders. Built once per
 * request from its Authorization header (`buildContext`; authentication itself is auth/'s
 * `principalOf`), or for a principal a command names (`contextFor`). Nothing rewrites it
 * afterwards: a part of the response that acts as someone else (a login's payload) resolves
 * with a context of its own (`contextAs`, ./subtree-context.ts).
 */
import crypto from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import { defineAbilityFor } from '../auth/ability';
import type { AuthContext } from '../auth/context';
import type { Principal } from '../auth/principal';
import type { SubjectName } from '../auth/subjects';
import { credentialOf, principalOf } from '../auth/authenticate';
import { createLoaders, type Loaders } from './loaders';
import { AppError, ErrorCode, isDatabaseUnavailable } from '../errors/app-error';
import { timeBudget, type TimeBudget } from '../db/time-limit';

export { requirePrincipal } from '../auth/guard';

/**
 * What a list read with its page for each row (relations joined into the page's statement), by
 * row object: the row's fields read it before asking the loaders. Each module declares its own
 * entry (declaration merging), so this layer names none.
 */
export interface JoinedWithPage {}

/** What every resolver receives: the caller, what they may do, and this request's loaders. */
export interface RequestContext extends AuthContext {
  requestId: string;
  config: AppConfig;
  dataSource: DataSource;
  loaders: Loaders;
  /** The caller's network address (login throttling). */
  clientAddress: string;
  /** Restricted fields this request returned, written to the audit log when it ends. */
  sensitiveReads: { subjectType: SubjectName; id: number; tenantId: number; organizationId: number; field: string }[];
  /** The request's time budget (REQUEST_TIMEOUT_MS), from when its context is built: reports check it, their SQL is stopped past it. */
  budget: TimeBudget;
  /** Set by the first list of the request that joins relations into its page (see JoinedWithPage). */
  joinedWithPage?: WeakMap<object, JoinedWithPage>;
  /** Parts of the response that resolve as another principal, by response path (./subtree-context.ts). */
  subtreeContexts?: Map<string, RequestContext>;
}

export interface ContextDeps {
  config: AppConfig;
  dataSource: DataSource;
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

/**
 * The same request acting as `principal`: its own ability, loaders and joined rows; the
 * request's id, address, time budget and audit of restricted reads are shared.
 */
export function contextAs(ctx: RequestContext, principal: Principal): RequestContext {
  const ability = defineAbilityFor(principal);
  return { ...ctx, principal, ability, loaders: createLoaders(ctx.dataSource.manager, ability), joinedWithPage: undefined, subtreeContexts: undefined };
}

export async function buildContext(deps: ContextDeps, authorization: string | undefined, requestId?: string, clientAddress?: string): Promise<RequestContext> {
  let principal: Principal | null = null;
  if (authorization) {
    try {
      principal = await principalOf(deps, credentialOf(authorization));
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.UNAUTHENTICATED) {
        throw new GraphQLError(error.message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
      }
      if (!isDatabaseUnavailable(error)) throw error;
      throw new GraphQLError('The database is unavailable right now; try again shortly', { extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, http: { status: 503 } } });
    }
  }
  return contextFor(deps, principal, requestId, clientAddress);
}
