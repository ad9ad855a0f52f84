import http from 'node:http';
import crypto from 'node:crypto';
import express from 'express';
import cors from 'cors';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { DataSource } from 'typeorm';
import type { AppConfig } from './config';
import { buildAppSchema } from './schema';
import { buildContext, type RequestContext } from './context';
import { formatError } from './errors/app-error';
import { log } from './logger';
import { sqlScope } from './db/query-counter';
import { registerExportRoutes } from './modules/report/export';

export interface RunningApp {
  url: string;
  port: number;
  httpServer: http.Server;
  stop(): Promise<void>;
}

/** The HTTP application: GraphQL at /graphql, health at /healthz and /readyz. */
export async function startApp(config: AppConfig, dataSource: DataSource, port = config.port): Promise<RunningApp> {
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<RequestContext>({
    schema: await buildAppSchema(),
    introspection: config.env !== 'production',
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, (original) => log('error', 'unexpected error', { error: original })),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        // Outside production, each response says how many SQL statements it took (N+1 checks, benchmarks).
        async requestDidStart() {
          return {
            async willSendResponse({ response }) {
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
  app.use(
    '/graphql',
    cors<cors.CorsRequest>(),
    express.json({ limit: '1mb' }),
    (req, _res, next) => {
      // Count the SQL statements each request sends (benchmarks and the N+1 tests read this).
      sqlScope.run({ statements: 0 }, () => next());
    },
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || crypto.randomUUID();
        res.setHeader('x-request-id', requestId);
        const ctx = await buildContext({ config, dataSource }, req.headers.authorization, requestId);
        return ctx;
      },
    }),
  );

  await new Promise<void>((resolve) => httpServer.listen(port, resolve));
  const address = httpServer.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://localhost:${actualPort}/graphql`,
    port: actualPort,
    httpServer,
    async stop() {
      await apollo.stop();
    },
  };
}
