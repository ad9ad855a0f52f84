import http from 'node:http';
import crypto from 'node:crypto';
import express from 'express';
import cors from 'cors';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { DataSource } from 'typeorm';
import type { AppConfig } from './config';
import { buildAppSchema } from './schema';
import { buildContext, type RequestContext } from './graphql/context';
import { AppError, ErrorCode, formatError, isDatabaseUnavailable, isExpectedError } from './errors/app-error';
import { unwrapResolverError } from '@apollo/server/errors';
import { assertComplexity, batchRefusal, depthLimitRule } from './graphql/limits';
import { log, logs } from './logger';
import { sqlScope } from './db/query-counter';
import { registerExportRoutes } from './modules/report/export';
import { registerImportRoutes } from './modules/import/routes';
import { recordSensitiveReads } from './modules/audit/audit.service';
import { withoutSchemaHints } from './errors/public-messages';
import { answerStatus, APPLICATION_JSON, negotiateMediaType } from './graphql/http-status';
import { refuseInvalidUtf8Body } from './common/utf8';
import { registerWebClient } from './web-client';

export interface RunningApp {
  url: string;
  /** The web client's address, when a build of it is served. */
  webUrl: string | null;
  port: number;
  httpServer: http.Server;
  stop(): Promise<void>;
}

function isQueryTimeout(error: unknown): boolean {
  return error instanceof AppError && error.code === ErrorCode.QUERY_TIMEOUT;
}

/** The HTTP application: GraphQL at /graphql, health at /healthz and /readyz, the web client at /. */
export async function startApp(config: AppConfig, dataSource: DataSource, port = config.port): Promise<RunningApp> {
  const app = express();
  const httpServer = http.createServer(app);
  const schema = await buildAppSchema();
  const costLimits = { maxComplexity: config.maxQueryComplexity, defaultPageSize: config.defaultPageSize, listSizeEstimate: config.listSizeEstimate };
  // The operations of batched requests: a batch shares one HTTP status (see graphql/http-status).
  const batchedOperations = new WeakSet<object>();
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: config.introspection,
    allowBatchedHttpRequests: true,
    // A GET (or a form-like POST) must carry one of these to prove it is no cross-site form; ours first.
    csrfPrevention: { requestHeaders: ['x-ketnap-preflight', 'x-apollo-operation-name', 'apollo-require-preflight'] },
    // server.ts handles SIGINT/SIGTERM (drain, close the database, exit); Apollo's own handler would race it.
    stopOnTerminationSignals: false,
    validationRules: [depthLimitRule(config.maxQueryDepth)],
    includeStacktraceInErrorResponses: false,
    // Without introspection (production), messages suggest no schema names and name no server software.
    formatError: config.introspection ? formatError : (formatted, error) => withoutSchemaHints(formatError(formatted, error)),
    plugins: [
      // The sandbox comes with introspection; otherwise no landing page (Apollo's names itself and its version).
      config.introspection ? ApolloServerPluginLandingPageLocalDefault({ footer: false }) : ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No HTTP cache hints are served: without this plugin Apollo wraps every field's resolver to compute them.
      ApolloServerPluginCacheControlDisabled(),
      {
        // Outside production, each response says how many SQL statements it took (N+1 checks, benchmarks).
        async requestDidStart() {
          return {
            async didResolveOperation({ schema, document, request, operationName, contextValue }) {
              assertComplexity(schema, document, request.variables, operationName ?? undefined, costLimits, contextValue);
            },
            async didEncounterErrors({ errors, contextValue }) {
              for (const error of errors) {
                if (!isExpectedError(error)) log('error', 'unexpected error', { requestId: contextValue.requestId, error: unwrapResolverError(error) });
              }
            },
            async willSendResponse({ request, response, contextValue, errors }) {
              await recordSensitiveReads(contextValue);
              const unavailable = errors?.some((error) => isDatabaseUnavailable(unwrapResolverError(error)) || isQueryTimeout(unwrapResolverError(error))) ?? false;
              if (response.body.kind === 'single') {
                // The media type is chosen here, and Apollo keeps it, so the status and the content type agree.
                const mediaType = negotiateMediaType(request.http?.headers.get('accept'));
                if (mediaType) response.http.headers.set('content-type', `${mediaType}; charset=utf-8`);
                const body = request.http?.body;
                const batched = typeof body === 'object' && body !== null && batchedOperations.has(body);
                const status = answerStatus({ mediaType: mediaType ?? APPLICATION_JSON, batched, result: response.body.singleResult, unavailable });
                if (status !== undefined) response.http.status = status;
              } else if (unavailable) response.http.status = 503;
              const scope = sqlScope.getStore();
              if (scope && config.env !== 'production') response.http.headers.set('x-sql-statements', String(scope.statements));
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  // GraphQL answers are POSTed and never revalidated: hashing each body for an ETag is wasted work.
  app.set('etag', false);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await dataSource.query('SELECT 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });
  registerExportRoutes(app, { config, dataSource });
  registerImportRoutes(app, { config, dataSource });
  app.use(
    '/graphql',
    cors<cors.CorsRequest>({ origin: config.corsOrigins.includes('*') ? true : config.corsOrigins }),
    // Bytes that are not UTF-8 answer 400, never decoded into U+FFFD and stored.
    express.json({ limit: config.bodyLimitBytes, verify: refuseInvalidUtf8Body }),
    (req, res, next) => {
      // A batched request (an array of operations) is capped.
      if (Array.isArray(req.body) && req.body.length > config.maxBatchOperations) {
        res.status(400).json({ errors: [{ message: `A batch may hold at most ${config.maxBatchOperations} operations; it held ${req.body.length}`, extensions: { code: ErrorCode.TOO_MANY_OPERATIONS } }] });
        return;
      }
      // ...and so is what its operations cost in all, before any of them runs.
      const refusal = Array.isArray(req.body) ? batchRefusal(schema, req.body, costLimits) : null;
      if (refusal) {
        res.status(400).json({ errors: [refusal] });
        return;
      }
      // Its operations share one HTTP status: remembered, so none of them answers 401 alone.
      if (Array.isArray(req.body)) for (const operation of req.body as unknown[]) if (typeof operation === 'object' && operation !== null) batchedOperations.add(operation);
      next();
    },
    (req, res, next) => {
      // Count the SQL statements each request sends (benchmarks and the N+1 tests read this),
      // and log one line per request with its id. Not in production unless debug logs are on:
      // the AsyncLocalStorage behind the count hooks every promise, a cost on every request.
      if (config.env === 'production' && !logs('debug')) return next();
      const started = process.hrtime.bigint();
      const scope = { statements: 0 };
      res.on('finish', () => {
        log('debug', 'request', { requestId: res.getHeader('x-request-id'), status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6, sql: scope.statements, operation: (req.body as { operationName?: string } | undefined)?.operationName });
      });
      sqlScope.run(scope, () => next());
    },
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || crypto.randomUUID();
        res.setHeader('x-request-id', requestId);
        const ctx = await buildContext({ config, dataSource }, req.headers.authorization, requestId, req.ip ?? req.socket.remoteAddress ?? 'unknown');
        return ctx;
      },
    }),
  );

  // The web client at `/` (its assets, and its page for browser navigations outside the API).
  const servesWeb = registerWebClient(app, { config, dataSource });

  // Any other path: a JSON 404, not Express's HTML page.
  app.use((_req, res) => {
    res.status(404).json({ error: { code: ErrorCode.NOT_FOUND, message: 'Not found' } });
  });

  // Body-parser errors (too large, not JSON) answer JSON with a code, never an HTML page.
  app.use((error: { status?: number; type?: string; message?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    const status = error.status ?? 500;
    const code = error.type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : ErrorCode.INTERNAL;
    if (status >= 500) log('error', 'request failed', { error });
    res.status(status).json({ errors: [{ message: status < 500 ? (error.message ?? 'Bad request') : 'Internal server error', extensions: { code } }] });
  });

  await new Promise<void>((resolve) => httpServer.listen(port, resolve));
  const address = httpServer.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://localhost:${actualPort}/graphql`,
    webUrl: servesWeb ? `http://localhost:${actualPort}/` : null,
    port: actualPort,
    httpServer,
    async stop() {
      await apollo.stop();
    },
  };
}
