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
import { GraphQLError } from 'graphql';
import { ErrorCode, formatError } from './errors/app-error';
import { clientAddressOf, httpErrorHandler, logFailure, notFoundHandler, publicError, requestIdOf } from './errors/http';
import { statusOf } from './errors/status';
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

/** The request's id: the client's `x-request-id` (64 characters at most) or a new one, echoed in the answer. */
const assignRequestId: express.RequestHandler = (req, res, next) => {
  const requestId = req.get('x-request-id')?.slice(0, 64) || crypto.randomUUID();
  res.locals.requestId = requestId;
  res.setHeader('x-request-id', requestId);
  next();
};

/** What a request did, for its log line: the GraphQL operation's name, or the route. */
function operationOf(req: express.Request): string | undefined {
  const body: unknown = req.body;
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && req.originalUrl.startsWith('/graphql')) {
    const name = (body as { operationName?: unknown }).operationName;
    return typeof name === 'string' ? name : undefined;
  }
  return `${req.method} ${(req.route as { path?: string } | undefined)?.path ?? req.originalUrl.split('?')[0].slice(0, 200)}`;
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
              // Bugs one by one; an outage once per request, however many fields it failed.
              let outageLogged = false;
              for (const error of errors) outageLogged = logFailure(error, contextValue.requestId, outageLogged) || outageLogged;
            },
            async willSendResponse({ request, response, contextValue, errors }) {
              await recordSensitiveReads(contextValue);
              const unavailable = errors?.some((error) => publicError(error).status === statusOf(ErrorCode.SERVICE_UNAVAILABLE)) ?? false;
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
  app.use(assignRequestId);
  app.use((req, res, next) => {
    // Count the SQL statements each request sends (benchmarks and the N+1 tests read this),
    // and log one line per request with its id. Not in production unless debug logs are on:
    // the AsyncLocalStorage behind the count hooks every promise, a cost on every request.
    if (config.env === 'production' && !logs('debug')) return next();
    const started = process.hrtime.bigint();
    const scope = { statements: 0 };
    res.on('finish', () => {
      log('debug', 'request', { requestId: requestIdOf(res), operation: operationOf(req), status: res.statusCode, durationMs: Number(process.hrtime.bigint() - started) / 1e6, sql: scope.statements });
    });
    sqlScope.run(scope, () => next());
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await dataSource.query('SELECT 1');
      res.json({ status: 'ready' });
    } catch {
      // A probe's answer, not an error report: load balancers read the status.
      res.status(statusOf(ErrorCode.SERVICE_UNAVAILABLE)).json({ status: 'database unavailable' });
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
        next(new GraphQLError(`A batch may hold at most ${config.maxBatchOperations} operations; it held ${req.body.length}`, { extensions: { code: ErrorCode.TOO_MANY_OPERATIONS } }));
        return;
      }
      // ...and so is what its operations cost in all, before any of them runs.
      const refusal = Array.isArray(req.body) ? batchRefusal(schema, req.body, costLimits) : null;
      if (refusal) {
        next(new GraphQLError(refusal.message, { extensions: refusal.extensions }));
        return;
      }
      // Its operations share one HTTP status: remembered, so none of them answers 401 alone.
      if (Array.isArray(req.body)) for (const operation of req.body as unknown[]) if (typeof operation === 'object' && operation !== null) batchedOperations.add(operation);
      next();
    },
    expressMiddleware(apollo, {
      context: async ({ req, res }) => buildContext({ config, dataSource }, req.headers.authorization, requestIdOf(res), clientAddressOf(req)),
    }),
  );

  // The web client at `/` (its assets, and its page for browser navigations outside the API).
  const servesWeb = registerWebClient(app, { config, dataSource });

  // Any other path: a JSON 404, not Express's HTML page. Then every error of every route,
  // bodies that cannot be read included, is answered in one place (errors/http.ts).
  app.use(notFoundHandler);
  app.use(httpErrorHandler);

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
