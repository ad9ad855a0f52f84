import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { DataSource } from 'typeorm';
import type { AppConfig } from './config';
import { demoInfo } from './modules/user/demo-logins';
import { log } from './logger';

/** Paths that belong to the API: a browser navigation there never gets the web client's page. */
const API_PATHS = ['/graphql', '/healthz', '/readyz', '/reports', '/imports', '/client-config', '/assets'];

/**
 * The page's policy: scripts and data from this origin only. Ant Design writes its styles at
 * run time (CSS-in-JS), hence 'unsafe-inline' for styles alone.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function isApiPath(requestPath: string): boolean {
  return API_PATHS.some((prefix) => requestPath === prefix || requestPath.startsWith(`${prefix}/`));
}

/**
 * The web client (web/dist, built by `npm run build:web`) at `/`, same origin as the API:
 * its hashed assets under /assets (cached for good), and its page for any browser navigation
 * (GET asking for HTML) outside the API's paths, so a reload on /doi-tuong/... works. Anything
 * else keeps the API's JSON 404. `GET /client-config` tells the page whether to list the demo
 * logins (development with the demo data only).
 */
export function registerWebClient(app: express.Express, deps: { config: AppConfig; dataSource: DataSource }): boolean {
  const { config, dataSource } = deps;
  // Its errors (the database unreachable) go to the app's error handler, as every route's.
  app.get('/client-config', async (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json({ demo: await demoInfo(config, dataSource) });
  });

  const webDir = config.webDir;
  const indexFile = webDir ? path.join(webDir, 'index.html') : null;
  if (!webDir || !indexFile || !fs.existsSync(indexFile)) {
    if (webDir) log('info', 'web client not built: serving the API alone', { webDir });
    return false;
  }
  const page = fs.readFileSync(indexFile);
  app.use('/assets', express.static(path.join(webDir, 'assets'), { index: false, immutable: true, maxAge: '365d', fallthrough: true, redirect: false }));
  app.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next();
    // Files at the root of the build (favicon...), never the page itself by its file name.
    const file = req.path.slice(1);
    if (/^[\w.-]+\.(svg|ico|png|txt|webmanifest)$/.test(file) && fs.existsSync(path.join(webDir, file))) {
      res.sendFile(path.join(webDir, file), { maxAge: '1d' });
      return;
    }
    if (req.accepts(['json', 'html']) !== 'html') return next();
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.end(req.method === 'HEAD' ? undefined : page);
  });
  return true;
}
