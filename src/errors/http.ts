/**
 * The one HTTP error path. Every route (exports, imports, the client's configuration, unknown
 * paths, bodies that cannot be read) hands its error to `next` (Express 5 does so for a
 * rejected promise), and the handler answers with what the GraphQL answers would say of the
 * same error: formatError's code, message and details (an unexpected error is INTERNAL with a
 * generic message; the database unreachable is SERVICE_UNAVAILABLE), the status statusOf(code).
 *
 * REST routes answer `{ "error": { "code", "message", ...details } }`; under /graphql, where
 * clients read GraphQL errors, `{ "errors": [{ "message", "extensions": { "code", ...details } }] }`.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { AppError, ErrorCode, formatError, isDatabaseUnavailable, isExpectedError } from './app-error';
import { statusOf } from './status';
import { log } from '../logger';

/** What a client is told of an error, and the status it comes with. */
export interface PublicError {
  status: number;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

/** A body that cannot be read (too large, not JSON, not UTF-8) or a malformed address: the client's error, with its own status. */
function requestError(error: unknown): PublicError | null {
  const { status, expose, type, message } = (typeof error === 'object' && error !== null ? error : {}) as { status?: unknown; expose?: unknown; type?: unknown; message?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500 || expose === false) return null;
  if (expose !== true && typeof type !== 'string') return null;
  return { status, code: type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', message: typeof message === 'string' ? message : 'Bad request', details: {} };
}

/** What a client is told of an error, exactly as a GraphQL answer tells it (formatError). */
export function publicError(error: unknown): PublicError {
  const unreadable = requestError(error);
  if (unreadable) return unreadable;
  const message = typeof (error as { message?: unknown } | null)?.message === 'string' ? (error as Error).message : 'Internal server error';
  const formatted = formatError(error instanceof GraphQLError ? error.toJSON() : { message }, error);
  const { code, ...details } = formatted.extensions ?? {};
  const known = typeof code === 'string' ? code : ErrorCode.INTERNAL;
  return { status: statusOf(known), code: known, message: formatted.message, details };
}

function isOutage(error: unknown): boolean {
  const code = error instanceof AppError ? error.code : error instanceof GraphQLError ? error.extensions?.code : undefined;
  return code === ErrorCode.SERVICE_UNAVAILABLE || isDatabaseUnavailable(error);
}

/**
 * Logs what the operators must hear of an error: an unexpected one is a bug (logged with its
 * stack and the request id), the database unreachable is an outage (a warning). Errors the API
 * means to answer with (bad input, forbidden, not found, a timeout) are not logged. Returns
 * whether it was an outage (a GraphQL request logs one line per outage, not one per field).
 */
export function logFailure(error: unknown, requestId: string | undefined, outageLogged = false): boolean {
  const original = unwrapResolverError(error);
  if (!isExpectedError(error)) {
    log('error', 'unexpected error', { requestId, error: original });
    return false;
  }
  if (!isOutage(original)) return false;
  if (!outageLogged) log('warn', 'database unavailable', { requestId, error: original });
  return true;
}

/** The request's id (set by the app's first middleware, echoed in `x-request-id`). */
export function requestIdOf(res: Response): string | undefined {
  const id: unknown = res.locals.requestId;
  return typeof id === 'string' ? id : undefined;
}

/** The caller's network address (login throttling, the audit log). */
export function clientAddressOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

function isGraphQLPath(req: Request): boolean {
  const path = req.originalUrl.split('?')[0];
  return path === '/graphql' || path.startsWith('/graphql/');
}

/** Any path no route answers: a JSON 404, not Express's HTML page. */
export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new AppError(ErrorCode.NOT_FOUND, 'Not found'));
};

/** The error handler every route reaches: registered last. */
export const httpErrorHandler: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  // A body that cannot be read is the client's error, not the server's: nothing to log.
  if (!requestError(error)) logFailure(error, requestIdOf(res));
  const answer = publicError(error);
  if (res.headersSent) {
    // Part of the answer has gone: the client must not take it for a whole one.
    req.socket.destroy();
    return;
  }
  const { status, code, message, details } = answer;
  res.status(status).json(isGraphQLPath(req) ? { errors: [{ message, extensions: { code, ...details } }] } : { error: { code, message, ...details } });
};
