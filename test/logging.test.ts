import { createLogger, levelFrom, log, logs, useLogger } from '../src/logger';
import * as reports from '../src/modules/report/report.service';
import { startTestServer, type TestServer } from './support/server';
import { buildTenantWorld, gid, type TenantWorld } from './factories';

/**
 * The logs (pino): one JSON object per line, LOG_LEVEL obeyed, one line per request, and no
 * secret or national ID in any line, whether it sits in a field the code names (a password, a
 * token, an Authorization header, an API key, a national ID, at any depth) or inside a text (a
 * driver's message quoting a row, a token pasted into an error).
 */

/** Everything a logger writes, line by line. */
function capture(level = 'debug') {
  const text: string[] = [];
  const logger = createLogger({ write: (line: string) => void text.push(line) }, level);
  return { logger, text, lines: () => text.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const NATIONAL_ID = '079196001234';
const OLD_NATIONAL_ID = '012345678';
const PASSWORD = 'Mat-khau-rat-bi-mat-7';
// A session token's shape (header.payload.signature, base64url), signed by nobody.
const JWT = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"7","tv":0}').toString('base64url')}.c2lnbmF0dXJlLW9mLW5vYm9keQ`;
const API_KEY = `knp_ab12cd34_${'Zk9'.repeat(14)}`;
const SECRETS = [NATIONAL_ID, OLD_NATIONAL_ID, PASSWORD, JWT, API_KEY, JWT.split('.')[2], API_KEY.slice(13)];

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('logs: pino with redaction', () => {
  it('never writes a national ID, a password, a token or an API key, by field name at any depth or by its look in any text', () => {
    const { logger, text, lines } = capture();
    const restore = useLogger(logger);
    try {
      const duplicate = Object.assign(new Error(`Duplicate entry '1-${NATIONAL_ID}' for key 'UQ_candidate_national_id'`), {
        code: 'ER_DUP_ENTRY',
        // What TypeORM's QueryFailedError carries: the statement's parameters, a person's row.
        parameters: [NATIONAL_ID, 'Nguyễn Văn Riêng Tư', '1990-01-01'],
        query: 'INSERT INTO candidate (national_id, full_name) VALUES (?, ?)',
      });
      log('error', 'unexpected error', {
        requestId: 'log-test-1',
        error: duplicate,
        req: { headers: { authorization: `Bearer ${JWT}`, 'x-api-key': API_KEY } },
        password: PASSWORD,
        input: { nationalId: OLD_NATIONAL_ID, newPassword: PASSWORD, fullName: 'Trần Thị Công Khai' },
        variables: { input: { person: { nationalId: NATIONAL_ID, token: JWT } } },
        apiKey: API_KEY,
        note: `pasted by hand: ApiKey ${API_KEY}, CMND ${OLD_NATIONAL_ID}, token ${JWT}`,
      });
      log('warn', `a message quoting ${NATIONAL_ID} and Bearer ${JWT}`);
    } finally {
      restore();
    }
    expect(text).toHaveLength(2);
    expectNoSecret(text.join('\n'));
    const [first, second] = lines();
    expect(first).toMatchObject({
      level: 'error',
      message: 'unexpected error',
      requestId: 'log-test-1',
      error: { name: 'Error', code: 'ER_DUP_ENTRY', message: "Duplicate entry '1-[redacted]' for key 'UQ_candidate_national_id'" },
      req: { headers: { authorization: '[redacted]', 'x-api-key': '[redacted]' } },
      password: '[redacted]',
      input: { nationalId: '[redacted]', newPassword: '[redacted]', fullName: 'Trần Thị Công Khai' },
      variables: { input: { person: { nationalId: '[redacted]', token: '[redacted]' } } },
      apiKey: '[redacted]',
      note: 'pasted by hand: ApiKey [redacted], CMND [redacted], token [redacted]',
    });
    // An error is its name, code, message and stack: never the row it was writing.
    expect(Object.keys(first.error as object).sort()).toEqual(['code', 'message', 'name', 'stack']);
    expect(JSON.stringify(first)).not.toContain('Nguyễn Văn Riêng Tư');
    expect(second).toMatchObject({ level: 'warn', message: 'a message quoting [redacted] and Bearer [redacted]' });
    expect(typeof first.time).toBe('string');
  });

  it('leaves ordinary figures and ids alone', () => {
    const { logger, lines } = capture();
    const restore = useLogger(logger);
    try {
      log('info', 'migration applied', { migration: 'FigureIndexes1732000000000', requestId: '3f2a1b4c-1234-4abc-8def-123456789012', durationMs: 123456789.5, sql: 4, schoolYear: '2025-2026', phone: '0912345678' });
    } finally {
      restore();
    }
    expect(lines()[0]).toMatchObject({ migration: 'FigureIndexes1732000000000', requestId: '3f2a1b4c-1234-4abc-8def-123456789012', durationMs: 123456789.5, sql: 4, schoolYear: '2025-2026', phone: '0912345678' });
  });

  it('obeys LOG_LEVEL: info by default, nothing under tests unless asked, pino\'s levels, anything else ignored', () => {
    expect(levelFrom({ NODE_ENV: 'production' })).toBe('info');
    expect(levelFrom({ NODE_ENV: 'test' })).toBe('silent');
    expect(levelFrom({ NODE_ENV: 'test', LOG_LEVEL: 'debug' })).toBe('debug');
    expect(levelFrom({ NODE_ENV: 'production', LOG_LEVEL: 'WARN' })).toBe('warn');
    expect(levelFrom({ NODE_ENV: 'production', LOG_LEVEL: 'verbose' })).toBe('info');

    const { logger, lines } = capture('warn');
    const restore = useLogger(logger);
    try {
      expect([logs('debug'), logs('info'), logs('warn'), logs('error')]).toEqual([false, false, true, true]);
      log('info', 'not written');
      log('warn', 'written');
      log('error', 'written too');
    } finally {
      restore();
    }
    expect(lines().map((line) => [line.level, line.message])).toEqual([
      ['warn', 'written'],
      ['error', 'written too'],
    ]);
  });
});

describe('logs of a running server', () => {
  let server: TestServer;
  let world: TenantWorld;

  beforeAll(async () => {
    server = await startTestServer();
    world = await buildTenantWorld(server.dataSource, 'Nhật Ký');
  });
  afterAll(() => server.close());
  afterEach(() => jest.restoreAllMocks());

  it('writes one line per request (request id, operation, status, duration), and no password, token or national ID', async () => {
    const { logger, text, lines } = capture();
    const restore = useLogger(logger);
    const base = server.app.url.replace(/\/graphql$/, '');
    const token = server.tokenFor(world.users.cityCommittee);
    try {
      const login = await fetch(server.app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'log-login' },
        body: JSON.stringify({ operationName: 'LogIn', query: 'mutation LogIn($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: 'nobody@test.ketnap', p: PASSWORD } }),
      });
      await login.text();
      const created = await fetch(server.app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'log-create' },
        body: JSON.stringify({
          query: 'mutation ($input: CreateCandidateInput!) { createCandidate(input: $input) { id } }',
          variables: { input: { organizationId: gid.org(world.cells.cellA), fullName: 'Bùi Thị Nhật Ký', dateOfBirth: '1996-04-12', gender: 'FEMALE', category: 'TEACHER', educationLevel: 'UNIVERSITY', nationalId: NATIONAL_ID } },
        }),
      });
      await created.text();
      // An unexpected error whose message quotes what it should not.
      jest.spyOn(reports, 'statisticsFor').mockRejectedValueOnce(new Error(`cannot read the row of ${NATIONAL_ID} for Bearer ${JWT}`));
      const exported = await fetch(`${base}/reports/statistics.csv?organizationId=${encodeURIComponent(gid.org(world.city))}&year=2025`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'log-export' } });
      expect(exported.status).toBe(500);
      await exported.text();
    } finally {
      restore();
    }
    expectNoSecret(text.join('\n'));
    expect(text.join('\n')).not.toContain(token);
    const requests = lines().filter((line) => line.message === 'request');
    expect(requests.map(({ requestId, operation, status }) => ({ requestId, operation, status }))).toEqual([
      { requestId: 'log-login', operation: 'LogIn', status: 200 },
      { requestId: 'log-create', operation: undefined, status: 200 },
      { requestId: 'log-export', operation: 'GET /reports/statistics.:format', status: 500 },
    ]);
    for (const line of requests) expect(typeof line.durationMs).toBe('number');
    const bug = lines().find((line) => line.message === 'unexpected error');
    expect(bug).toMatchObject({ level: 'error', requestId: 'log-export', error: { message: 'cannot read the row of [redacted] for Bearer [redacted]' } });
  });
});
