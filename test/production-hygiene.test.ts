import { loadConfig } from '../src/config';
import { startTestServer, type TestServer } from './support/server';
import { isMysql } from './support/database';
import { buildOrganization, buildUser, gid, TEST_PASSWORD } from './factories';
import { signToken } from '../src/auth/tokens';
import { negotiateMediaType } from '../src/graphql/http-status';
import { Role } from '../src/domain/enums';
import type { User } from '../src/modules/user/user.entity';

/**
 * The app as production configures it (loadConfig with NODE_ENV=production: introspection off,
 * and NODE_ENV=production in the process, so Apollo takes its production defaults too), on the
 * suite's database. It must not hand out the schema through "Did you mean ...?" suggestions, must
 * not say what server software or version it runs, and must answer the HTTP statuses README's
 * Errors section promises for both media types of the GraphQL over HTTP specification.
 */
const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
const APPLICATION_JSON = 'application/json';

interface Answer {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] } | undefined;
}

describe(`production hygiene (${isMysql() ? 'MySQL' : 'SQLite'})`, () => {
  let server: TestServer;
  let user: User;
  let orgId: string;
  const previousNodeEnv = process.env.NODE_ENV;

  beforeAll(async () => {
    const { database: _database, ...production } = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'production-hygiene-secret-0123456789-abcdef', SQLITE_PATH: ':memory:' });
    expect(production.introspection).toBe(false);
    process.env.NODE_ENV = 'production';
    try {
      // The API alone: a browser navigation to / gets the web client's page when it is built
      // (test/web-serving.test.ts; the real page names no server software: test/web-e2e.test.ts).
      server = await startTestServer({ ...production, seedDemo: false, webDir: null });
    } finally {
      process.env.NODE_ENV = previousNodeEnv;
    }
    const city = await buildOrganization(server.dataSource, null);
    orgId = gid.org(city);
    user = await buildUser(server.dataSource, Role.COMMITTEE, city);
  });
  afterAll(async () => {
    process.env.NODE_ENV = previousNodeEnv;
    await server.close();
  });

  async function send(payload: unknown, options: { accept?: string; token?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.accept) headers.accept = options.accept;
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(server.app.url, { method: 'POST', headers, body: JSON.stringify(payload) });
    return answerOf(response);
  }

  async function answerOf(response: Response): Promise<Answer> {
    const text = await response.text();
    let body: Answer['body'];
    try {
      body = JSON.parse(text) as Answer['body'];
    } catch {
      body = undefined;
    }
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', headers: response.headers, text, body };
  }

  const token = () => server.tokenFor(user);

  describe('no schema names in error messages', () => {
    const MISSPELT: [string, { query: string; variables?: Record<string, unknown> }, string, RegExp][] = [
      ['a misspelt field', { query: '{ me { emial } }' }, 'email', /Cannot query field "emial" on type "User"/],
      ['a misspelt root mutation', { query: 'mutation { createUsr(input: { displayName: "A", email: "a@b.c" }) { id } }' }, 'createUser', /Cannot query field "createUsr" on type "Mutation"/],
      ['a misspelt argument', { query: '{ candidates(frist: 5) { totalCount } }' }, 'first', /Unknown argument "frist"/],
      ['a misspelt type', { query: 'query ($f: CandidateFiltr) { candidates(filter: $f) { totalCount } }' }, 'CandidateFilter', /Unknown type "CandidateFiltr"/],
      ['a misspelt enum value in the query', { query: '{ candidates(filter: { stages: [DOSIER] }) { totalCount } }' }, 'DOSSIER', /DOSIER/],
      ['a misspelt enum value in the variables', { query: 'query ($f: CandidateFilter) { candidates(filter: $f) { totalCount } }', variables: { f: { stages: ['DOSIER'] } } }, 'DOSSIER', /DOSIER/],
      ['a misspelt input field in the variables', { query: 'query ($f: CandidateFilter) { candidates(filter: $f) { totalCount } }', variables: { f: { serch: 'x' } } }, 'search', /serch/],
      ['a field of an interface that only a type has', { query: `{ node(id: "${gid.org({ id: 1 })}") { id name } }` }, 'Organization', /Cannot query field "name" on type "Node"/],
    ];

    it.each(MISSPELT)('%s: the message names the mistake, suggests nothing; 400 for both media types', async (_what, payload, suggestion, names) => {
      for (const accept of [APPLICATION_JSON, GRAPHQL_RESPONSE_JSON]) {
        const answer = await send(payload, { accept, token: token() });
        const messages = (answer.body?.errors ?? []).map((e) => e.message);
        expect(messages.length).toBeGreaterThan(0);
        expect({ accept, messages }).toEqual({ accept, messages: expect.arrayContaining([expect.stringMatching(names)]) });
        for (const message of messages) {
          expect({ accept, message }).not.toEqual({ accept, message: expect.stringMatching(/Did you mean/i) });
          expect({ accept, message }).not.toEqual({ accept, message: expect.stringContaining(`"${suggestion}"`) });
        }
        expect({ accept, status: answer.status, type: answer.contentType }).toEqual({ accept, status: 400, type: expect.stringContaining(accept) });
      }
    });
  });

  describe('no server name or version on GET', () => {
    const FINGERPRINT = /apollo|express|graphql-?server|sandbox|embeddable|\b\d+\.\d+\.\d+\b/i;

    function expectNothingNamed(answer: Answer, what: string): void {
      expect({ what, body: answer.text }).not.toEqual({ what, body: expect.stringMatching(FINGERPRINT) });
      for (const [name, value] of answer.headers) {
        if (name === 'date') continue;
        expect({ what, header: `${name}: ${value}` }).not.toEqual({ what, header: expect.stringMatching(FINGERPRINT) });
      }
      expect(answer.headers.get('x-powered-by')).toBeNull();
      expect(answer.headers.get('server')).toBeNull();
    }

    it.each([
      ['GET / from a browser', '/', { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }],
      ['GET / from a script', '/', {}],
      ['GET /graphql from a browser', '/graphql', { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }],
      ['GET /graphql from a script', '/graphql', {}],
      ['GET /graphql with a query and no preflight header', '/graphql?query=%7B__typename%7D', {}],
      ['PUT /graphql', '/graphql', { method: 'PUT' }],
    ])('%s: no landing page, no product name or version in the body or the headers', async (what, path, options) => {
      const { method, ...headers } = options as { method?: string; accept?: string };
      const answer = await answerOf(await fetch(new URL(path, server.app.url), { method: method ?? 'GET', headers }));
      expectNothingNamed(answer, what);
      expect(answer.contentType).not.toMatch(/text\/html/);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    });
  });

  describe("Apollo's own messages, in our words (outside review F6)", () => {
    it('an introspection query is refused without telling how to configure the server', async () => {
      for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Candidate") { name } }']) {
        const answer = await send({ query }, { token: token() });
        expect(answer.body?.errors?.map((e) => e.message)).toEqual(['Introspection is not allowed on this server.']);
        expect(answer.text).not.toMatch(/apollo|introspection: true/i);
      }
    });

    it('a cross-site-looking request (text/plain POST, GET without a preflight header) is refused in our words; a GET with X-Ketnap-Preflight is served', async () => {
      const plain = await answerOf(await fetch(server.app.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) }));
      const get = await answerOf(await fetch(`${server.app.url}?query=%7B__typename%7D`));
      for (const answer of [plain, get]) {
        expect(answer.status).toBe(400);
        expect(answer.text).toContain('Refused as a possible cross-site request forgery');
        expect(answer.text).not.toMatch(/apollo|Cross-Site Request Forgery \(CSRF\)/i);
      }
      const preflighted = await answerOf(await fetch(`${server.app.url}?query=%7B__typename%7D`, { headers: { 'x-ketnap-preflight': '1' } }));
      expect(preflighted.status).toBe(200);
      expect(preflighted.body?.data).toEqual({ __typename: 'Query' });
    });
  });

  describe('HTTP status of UNAUTHENTICATED, per media type', () => {
    const LIST = '{ candidates { totalCount } }';
    const LOGIN = 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }';

    async function statusesOf(payload: unknown, tokenValue?: string) {
      const answers: Record<string, { status: number; type: string; code: string | undefined; data: unknown }> = {};
      for (const [label, accept] of [['graphql-response+json', GRAPHQL_RESPONSE_JSON], ['json', APPLICATION_JSON], ['no Accept', undefined], ['*/*', '*/*']] as const) {
        const answer = await send(payload, { accept, token: tokenValue });
        answers[label] = { status: answer.status, type: answer.contentType.split(';')[0], code: answer.body?.errors?.[0]?.extensions?.code, data: answer.body?.data };
      }
      return answers;
    }

    it('no token where one is needed (data null): 401 with graphql-response+json, 200 with application/json; with some data, or in a batch: 200; a forged or expired token: 401 for both', async () => {
      expect(await statusesOf({ query: LIST })).toEqual({
        'graphql-response+json': { status: 401, type: GRAPHQL_RESPONSE_JSON, code: 'UNAUTHENTICATED', data: null },
        json: { status: 200, type: APPLICATION_JSON, code: 'UNAUTHENTICATED', data: null },
        'no Accept': { status: 200, type: APPLICATION_JSON, code: 'UNAUTHENTICATED', data: null },
        '*/*': { status: 200, type: APPLICATION_JSON, code: 'UNAUTHENTICATED', data: null },
      });
      // A partial answer (me is null, node is null with its error) has data: 200 for both.
      const partial = await statusesOf({ query: `{ me { email } node(id: "${orgId}") { id } }` });
      for (const answer of Object.values(partial)) expect(answer).toEqual(expect.objectContaining({ status: 200, data: { me: null, node: null } }));
      // The Accept header is negotiated with its q-values.
      const preferred = await send({ query: LIST }, { accept: 'application/json;q=0.5, application/graphql-response+json' });
      expect({ status: preferred.status, type: preferred.contentType }).toEqual({ status: 401, type: expect.stringContaining(GRAPHQL_RESPONSE_JSON) });
      // A batch shares one status: it stays 200 even when one of its operations is refused.
      const batch = await fetch(server.app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE_JSON },
        body: JSON.stringify([{ query: LIST }, { query: '{ me { email } }' }]),
      });
      expect(batch.status).toBe(200);
      // A forged or expired token is a request error (no data at all): 401 whatever the client accepts.
      const forged = signToken('another-secret-that-is-long-enough-012345', 3600, user.id, user.tokenVersion);
      const expired = signToken(server.config.jwtSecret, -10, user.id, user.tokenVersion);
      for (const bad of [forged, expired, 'not-a-jwt']) {
        for (const answer of Object.values(await statusesOf({ query: LIST }, bad))) {
          expect({ status: answer.status, code: answer.code, data: answer.data }).toEqual({ status: 401, code: 'UNAUTHENTICATED', data: undefined });
        }
      }
      for (const answer of Object.values(await statusesOf({ query: LIST }, token()))) expect({ status: answer.status, code: answer.code }).toEqual({ status: 200, code: undefined });
    });

    it('a wrong login: 401 with graphql-response+json, 200 with application/json; a right one 200', async () => {
      expect(await statusesOf({ query: LOGIN, variables: { email: user.email, password: 'not-the-password-at-all' } })).toEqual({
        'graphql-response+json': { status: 401, type: GRAPHQL_RESPONSE_JSON, code: 'UNAUTHENTICATED', data: null },
        json: { status: 200, type: APPLICATION_JSON, code: 'UNAUTHENTICATED', data: null },
        'no Accept': { status: 200, type: APPLICATION_JSON, code: 'UNAUTHENTICATED', data: null },
        '*/*': { status: 200, type: APPLICATION_JSON, code: 'UNAUTHENTICATED', data: null },
      });
      const right = await send({ query: LOGIN, variables: { email: user.email, password: TEST_PASSWORD } }, { accept: GRAPHQL_RESPONSE_JSON });
      expect({ status: right.status, errors: right.body?.errors }).toEqual({ status: 200, errors: undefined });
    });
  });

  it('the media type is negotiated as Apollo does: q-values, then specificity, then order, application/json on a tie', () => {
    expect(negotiateMediaType(undefined)).toBe(APPLICATION_JSON);
    expect(negotiateMediaType('*/*')).toBe(APPLICATION_JSON);
    expect(negotiateMediaType('application/*')).toBe(APPLICATION_JSON);
    expect(negotiateMediaType('application/graphql-response+json')).toBe(GRAPHQL_RESPONSE_JSON);
    expect(negotiateMediaType('application/graphql-response+json, application/json')).toBe(GRAPHQL_RESPONSE_JSON);
    expect(negotiateMediaType('application/json, application/graphql-response+json')).toBe(APPLICATION_JSON);
    expect(negotiateMediaType('application/graphql-response+json, application/json;q=0.9')).toBe(GRAPHQL_RESPONSE_JSON);
    expect(negotiateMediaType('*/*, application/graphql-response+json')).toBe(GRAPHQL_RESPONSE_JSON);
    expect(negotiateMediaType('application/json;q=0, */*')).toBe(GRAPHQL_RESPONSE_JSON);
    expect(negotiateMediaType('text/html')).toBeNull();
  });
});
