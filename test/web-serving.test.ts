import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { startTestServer, type TestServer } from './support/server';
import { isMysql } from './support/database';
import { buildOrganization, buildUser } from './factories';
import { Role } from '../src/domain/enums';
import { User } from '../src/modules/user/user.entity';

/**
 * How the API serves the web client (a stand-in build: index.html and one asset), with the
 * production configuration: the page for browser navigations outside the API's paths, the
 * hashed assets, and the API's JSON answers everywhere else, unchanged. `/client-config` lists
 * the demo logins in development with the demo data only, never in production.
 */
const PAGE = '<!doctype html><html lang="vi"><head><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>';
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function fakeBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketnap-web-fixture-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), PAGE);
  fs.writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), 'console.log("ketnap");');
  fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

async function get(base: string, url: string, accept?: string, method = 'GET') {
  const response = await fetch(new URL(url, base), { method, headers: accept ? { accept } : {} });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', headers: response.headers, text };
}

describe(`the web client served by the API (${isMysql() ? 'MySQL' : 'SQLite'})`, () => {
  const dir = fakeBuild();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('in production', () => {
    let server: TestServer;
    let base: string;
    const previousNodeEnv = process.env.NODE_ENV;
    beforeAll(async () => {
      const { database: _database, ...production } = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'web-serving-secret-0123456789-abcdefghij', SQLITE_PATH: ':memory:' });
      process.env.NODE_ENV = 'production';
      try {
        // seedDemo as a production evaluation would set it: still no login is listed.
        server = await startTestServer({ ...production, seedDemo: true, demoPassword: 'an-evaluation-password', webDir: dir });
      } finally {
        process.env.NODE_ENV = previousNodeEnv;
      }
      const city = await buildOrganization(server.dataSource, null);
      const user = await buildUser(server.dataSource, Role.COMMITTEE, city);
      await server.dataSource.getRepository(User).update({ id: user.id }, { email: 'committee.evaluation@ketnap.demo' });
      base = `http://localhost:${server.app.port}`;
    });
    afterAll(() => server.close());

    it.each(['/', '/dang-nhap', '/doi-tuong', '/doi-tuong/Q2FuZGlkYXRlOjE', '/to-chuc/abc?x=1'])('a browser navigation to %s gets the page, with its security headers and no cache', async (url) => {
      const answer = await get(base, url, HTML);
      expect({ status: answer.status, type: answer.type, text: answer.text }).toEqual({ status: 200, type: 'text/html; charset=utf-8', text: PAGE });
      expect(answer.headers.get('cache-control')).toBe('no-cache');
      expect(answer.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-powered-by')).toBeNull();
    });

    it('HEAD of a navigation answers the page headers without a body', async () => {
      const answer = await get(base, '/doi-tuong', HTML, 'HEAD');
      expect({ status: answer.status, type: answer.type, text: answer.text }).toEqual({ status: 200, type: 'text/html; charset=utf-8', text: '' });
    });

    it('the hashed assets are served and cached for good; the root files too', async () => {
      const asset = await get(base, '/assets/app-abc123.js');
      expect(asset.status).toBe(200);
      expect(asset.type).toMatch(/javascript/);
      expect(asset.headers.get('cache-control')).toContain('immutable');
      const icon = await get(base, '/favicon.svg', 'image/*');
      expect({ status: icon.status, type: icon.type }).toEqual({ status: 200, type: expect.stringMatching(/^image\/svg\+xml/) });
    });

    it.each([
      ['an unknown path from a script', '/unknown', undefined],
      ['an unknown path asking for JSON', '/doi-tuong', 'application/json'],
      ['an unknown path asking for anything', '/unknown', '*/*'],
      ['a missing asset, even from a browser', '/assets/missing-123.js', HTML],
      ['an API path from a browser: reports', '/reports/unknown', HTML],
      ['an API path from a browser: imports', '/imports/unknown', HTML],
    ])('%s keeps the JSON 404', async (_what, url, accept) => {
      const answer = await get(base, url, accept);
      expect({ status: answer.status, type: answer.type.split(';')[0], body: JSON.parse(answer.text) as unknown }).toEqual({ status: 404, type: 'application/json', body: { error: { code: 'NOT_FOUND', message: 'Not found' } } });
    });

    it('POST to a page path is not a navigation: JSON 404', async () => {
      const answer = await get(base, '/doi-tuong', HTML, 'POST');
      expect(answer.status).toBe(404);
      expect(answer.type).toMatch(/^application\/json/);
    });

    it('/graphql, /healthz and /readyz answer as before, also to a browser', async () => {
      const graphql = await get(base, '/graphql', HTML);
      expect(graphql.type).not.toMatch(/text\/html/);
      expect(graphql.status).toBeGreaterThanOrEqual(400);
      expect(graphql.text).not.toContain('<div id="root">');
      expect(JSON.parse((await get(base, '/healthz', HTML)).text)).toEqual({ status: 'ok' });
      expect(JSON.parse((await get(base, '/readyz', HTML)).text)).toEqual({ status: 'ready' });
    });

    it('/client-config lists no login in production, whatever the data', async () => {
      const answer = await get(base, '/client-config');
      expect({ status: answer.status, body: JSON.parse(answer.text) as unknown }).toEqual({ status: 200, body: { demo: null } });
    });
  });

  describe('in development', () => {
    it('/client-config lists the demo logins only with the demo data (SEED_DEMO), and the password only when it is the published one', async () => {
      const withDemo = await startTestServer({ env: 'development', seedDemo: true, demoPassword: 'ketnap-demo', webDir: dir });
      const withoutDemo = await startTestServer({ env: 'development', seedDemo: false, webDir: dir });
      const ownPassword = await startTestServer({ env: 'development', seedDemo: true, demoPassword: 'my-own-demo-password', webDir: dir });
      try {
        for (const server of [withDemo, withoutDemo, ownPassword]) {
          const city = await buildOrganization(server.dataSource, null);
          const user = await buildUser(server.dataSource, Role.COMMITTEE, city);
          await server.dataSource.getRepository(User).update({ id: user.id }, { email: 'committee.x@ketnap.demo' });
          await buildUser(server.dataSource, Role.COMMITTEE, city); // not a demo login: never listed
        }
        const config = async (server: TestServer) => JSON.parse((await get(`http://localhost:${server.app.port}`, '/client-config')).text) as { demo: { password: string | null; logins: { email: string; role: string; organizationName: string | null }[] } | null };
        const listed = await config(withDemo);
        expect(listed.demo?.password).toBe('ketnap-demo');
        expect(listed.demo?.logins).toEqual([{ email: 'committee.x@ketnap.demo', role: 'COMMITTEE', displayName: expect.any(String), organizationName: expect.any(String) }]);
        expect(await config(withoutDemo)).toEqual({ demo: null });
        expect((await config(ownPassword)).demo?.password).toBeNull();
      } finally {
        await Promise.all([withDemo.close(), withoutDemo.close(), ownPassword.close()]);
      }
    });
  });
});
