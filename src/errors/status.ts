/**
 * The HTTP status of each error code, the one table for the REST routes (exports, imports,
 * the client's configuration, 404s, unreadable bodies) and for the GraphQL answers where the
 * GraphQL over HTTP specification lets the status speak (graphql/http-status.ts). Codes that
 * are no ErrorCode are the request's own: a body that cannot be read, a document that does not
 * parse or validate.
 */
import { ErrorCode } from './app-error';

const STATUS: Record<string, number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.QUERY_TOO_DEEP]: 400,
  [ErrorCode.QUERY_TOO_COMPLEX]: 400,
  [ErrorCode.TOO_MANY_OPERATIONS]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.RULE_VIOLATION]: 422,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.INTERNAL]: 500,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.QUERY_TIMEOUT]: 503,
  BAD_REQUEST: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  PAYLOAD_TOO_LARGE: 413,
};

export function statusOf(code: string): number {
  return STATUS[code] ?? 500;
}
