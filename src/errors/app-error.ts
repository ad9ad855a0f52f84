import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';

/** Every error code a client can see in `extensions.code`. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** Does not exist, or exists outside the caller's scope: the two are never told apart. */
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  /** The caller may see the object but not do this to it. */
  FORBIDDEN = 'FORBIDDEN',
  /** Stale version or a concurrent change. */
  CONFLICT = 'CONFLICT',
  /** A rule of the Party Charter refuses the step. */
  RULE_VIOLATION = 'RULE_VIOLATION',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** Too many failed logins for this account or address: wait and try again. */
  RATE_LIMITED = 'RATE_LIMITED',
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  TOO_MANY_OPERATIONS = 'TOO_MANY_OPERATIONS',
  /** The request ran past its time budget (REQUEST_TIMEOUT_MS) and was stopped (HTTP 503). */
  QUERY_TIMEOUT = 'QUERY_TIMEOUT',
  INTERNAL = 'INTERNAL',
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** An error meant for the client: a fixed code, a clear message, optional details. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
export const forbidden = (message: string) => new AppError(ErrorCode.FORBIDDEN, message);
export const unauthenticated = (message = 'You must be logged in') => new AppError(ErrorCode.UNAUTHENTICATED, message);
export const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, message);
export const queryTimeout = (budgetMs: number) =>
  new AppError(ErrorCode.QUERY_TIMEOUT, `The request ran past its time budget of ${budgetMs} ms and was stopped; ask for less at once (fewer reports, smaller pages) or try again later`, { budgetMs });

export function badInput(message: string, problems: FieldProblem[] = []): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, message, problems.length ? { problems } : {});
}

/** Codes that GraphQL itself or Apollo produce and that are safe to pass through. */
const PASS_THROUGH = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST']);

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/** Driver errors that mean the database cannot be reached right now. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'PROTOCOL_CONNECTION_LOST', 'ER_CON_COUNT_ERROR', 'PROTOCOL_SEQUENCE_TIMEOUT']);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const { code, driverError, originalError, cause } = current as { code?: unknown; driverError?: unknown; originalError?: unknown; cause?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    current = driverError ?? originalError ?? cause;
  }
  return false;
}

/** Our own code on a GraphQL error, also when Apollo wrapped it (a validation rule's error). */
function ownCode(error: unknown): { code: string; extensions: Record<string, unknown> } | null {
  for (let current: unknown = error, depth = 0; current instanceof GraphQLError && depth < 3; depth += 1) {
    const code = current.extensions?.code;
    if (typeof code === 'string' && KNOWN_CODES.has(code)) return { code, extensions: current.extensions };
    current = current.originalError;
  }
  return null;
}

/** Whether an error is one the API means to answer with (not a bug to log). */
export function isExpectedError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof AppError || original instanceof ArgumentValidationError || ownCode(original) || isDatabaseUnavailable(original)) return true;
  return original instanceof GraphQLError && (!original.originalError || original.originalError instanceof GraphQLError);
}

/**
 * Every constraint that failed, at any depth of the input (a filter's field, a headcount in a
 * list), named by its path: `dueWithinDays`, `headcounts[0].teachers`.
 */
function validationProblems(errors: readonly ValidationErrorLike[], prefix = ''): { field: string; message: string }[] {
  return errors.flatMap((error) => {
    const property = error.property ?? '';
    const field = property === '' ? prefix : /^\d+$/.test(property) ? `${prefix}[${property}]` : prefix ? `${prefix}.${property}` : property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: prefix && message.startsWith(`${property} `) ? `${field}${message.slice(property.length)}` : message }));
    return [...own, ...validationProblems(error.children ?? [], field)];
  });
}

interface ValidationErrorLike {
  property?: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

/**
 * The one place errors become what a client sees, over GraphQL and REST alike (errors/http.ts).
 * Known errors keep their code and message; the database unreachable is SERVICE_UNAVAILABLE;
 * anything else is masked as INTERNAL (and logged with the request id as a bug), so no stack
 * trace or SQL ever reaches a client.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof AppError) {
    return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
  }
  if (original instanceof ArgumentValidationError) {
    const problems = validationProblems(original.extensions.validationErrors);
    const message = problems.length ? 'Invalid input: ' + problems.map((p) => p.message).join('; ') : 'Invalid input';
    return { ...base, message, extensions: { code: ErrorCode.BAD_USER_INPUT, problems } };
  }
  const own = ownCode(original) ?? ownCode(error);
  if (own) {
    const { http: _http, ...details } = own.extensions as Record<string, unknown> & { http?: unknown };
    return { ...base, extensions: { ...details, code: own.code } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PASS_THROUGH.has(code)) {
    return { ...base, extensions: { code } };
  }
  if (original instanceof GraphQLError && !original.originalError && code === undefined) {
    // Errors raised by graphql-js while checking the request against the schema.
    return { ...base, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
  }
  if (isDatabaseUnavailable(original)) {
    return { message: 'The database is unavailable right now; try again shortly', path: formatted.path, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
  }
  // Logged with the request id by the server's didEncounterErrors hook.
  return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL } };
}
