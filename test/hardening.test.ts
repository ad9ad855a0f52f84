import type { DataSource } from 'typeorm';
import { startTestServer, ok, errorCode, type TestServer, type GraphQLResponse } from './support/server';
import { buildOrganization, buildTenantWorld, buildUser, gid, type TenantWorld } from './factories';
import { Role } from '../src/domain/enums';
import { toGlobalId } from '../src/graphql/global-id';
import { rememberedCosts } from '../src/graphql/limits';

/**
 * A fuzz-style table of bad requests sent over HTTP to the real server. Every refusal must be
 * JSON with an error code (never an HTML page, never INTERNAL), must leak no stack trace and no
 * SQL, and must leave the database exactly as it was.
 */

interface RawResponse {
  status: number;
  contentType: string;
  text: string;
  json: unknown;
  /** x-sql-statements: how many SQL statements the request took (outside production). */
  sqlStatements: string | null;
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, json, sqlStatements: response.headers.get('x-sql-statements') };
}

const postJson = (url: string, payload: unknown, token?: string) => post(url, JSON.stringify(payload), token ? { authorization: `Bearer ${token}` } : {});

type ErrorList = { message: string; extensions?: { code?: string; [key: string]: unknown } }[];

function errorsOf(raw: RawResponse): ErrorList {
  const errors = (raw.json as { errors?: ErrorList } | undefined)?.errors;
  if (!Array.isArray(errors)) throw new Error(`Expected a JSON body with errors, got ${raw.status} ${raw.contentType}: ${raw.text.slice(0, 300)}`);
  return errors;
}

/** No stack frames, no source positions, no SQL in anything a client sees. */
function expectNoLeak(payload: unknown): void {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  expect(text).not.toMatch(/SELECT|INSERT INTO|UPDATE `|DELETE FROM|QueryFailedError|SqliteError|\bER_[A-Z_]+/);
  // Stack frames look like "    at fn (file.ts:12:5)" or "\n    at file.js:3:1".
  expect(text).not.toMatch(/(^|\\n|\n)\s*at [^\s]+ \(|(^|\\n|\n)\s+at \/|\bat [^\s"]+\.(ts|js):\d+/);
  expect(text).not.toMatch(/\.ts:\d+|\.js:\d+/);
  expect(text).not.toMatch(/stacktrace|"stack"|node_modules/i);
}

const COUNTED_TABLES = ['candidate', 'member', 'organization', 'candidate_stage_event', 'candidate_stall_reason', 'organization_move'] as const;

async function rowCounts(ds: DataSource): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    const [row] = (await ds.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number | string }[];
    counts[table] = Number(row.n);
  }
  return counts;
}

const CREATE = `mutation ($input: CreateCandidateInput!) { createCandidate(input: $input) { id fullName version } }`;
const LIST = `query ($filter: CandidateFilter, $first: Int) { candidates(filter: $filter, first: $first) { totalCount nodes { id fullName } } }`;

describe('hardening: bad requests over HTTP', () => {
  let server: TestServer;
  let world: TenantWorld;
  let committeeToken: string;
  let secretaryToken: string;

  beforeAll(async () => {
    server = await startTestServer();
    world = await buildTenantWorld(server.dataSource, 'Phòng Thủ');
    committeeToken = server.tokenFor(world.users.cityCommittee);
    secretaryToken = server.tokenFor(world.users.secretaryA);
  });
  afterAll(() => server.close());

  const validCandidate = (overrides: Record<string, unknown> = {}) => ({
    organizationId: gid.org(world.cells.cellA),
    fullName: 'Lê Thị Thu',
    dateOfBirth: '1995-03-10',
    gender: 'FEMALE',
    category: 'TEACHER',
    educationLevel: 'UNIVERSITY',
    ...overrides,
  });

  interface BadRequest {
    title: string;
    send: () => Promise<RawResponse>;
    /** Exact HTTP status, when it is part of the contract. */
    status?: number;
    code: string;
    /** What the first error's message must say. */
    message?: RegExp;
  }

  const deepSelection = (levels: number) => `{ me { organization { ${'children { '.repeat(levels)}id${' }'.repeat(levels)} } } }`;

  const CASES: BadRequest[] = [
    // The body itself
    { title: 'a truncated JSON body', send: () => post(server.app.url, '{"query": "{ me { email } }"'), status: 400, code: 'BAD_REQUEST' },
    { title: 'a body that is not JSON at all', send: () => post(server.app.url, 'query { me { email } }'), status: 400, code: 'BAD_REQUEST' },
    { title: 'a JSON body with a trailing comma', send: () => post(server.app.url, '{"query": "{ me { email } }",}'), status: 400, code: 'BAD_REQUEST' },
    { title: 'a JSON body that is a bare string', send: () => post(server.app.url, '"{ me { email } }"'), status: 400, code: 'BAD_REQUEST' },
    { title: 'a JSON object without a query', send: () => postJson(server.app.url, {}), status: 400, code: 'BAD_REQUEST' },
    { title: 'a query that is not a string', send: () => postJson(server.app.url, { query: 42 }), status: 400, code: 'BAD_REQUEST' },
    { title: 'variables that are not an object', send: () => postJson(server.app.url, { query: '{ me { email } }', variables: 'x' }), status: 400, code: 'BAD_REQUEST' },

    // GraphQL syntax and schema validation
    { title: 'a syntax error (unclosed selection)', send: () => postJson(server.app.url, { query: '{ me { email }' }), status: 400, code: 'GRAPHQL_PARSE_FAILED' },
    { title: 'a syntax error (garbage)', send: () => postJson(server.app.url, { query: '{ me(: ) } }}' }), status: 400, code: 'GRAPHQL_PARSE_FAILED' },
    { title: 'an empty query', send: () => postJson(server.app.url, { query: '' }), status: 400, code: 'BAD_REQUEST' },
    { title: 'an unknown field', send: () => postJson(server.app.url, { query: '{ me { passwordHash } }' }, committeeToken), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
    { title: 'an unknown root field', send: () => postJson(server.app.url, { query: '{ dropEverything }' }, committeeToken), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
    { title: 'an unknown argument', send: () => postJson(server.app.url, { query: '{ candidates(limit: 5) { totalCount } }' }, committeeToken), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
    { title: 'an unknown enum value written in the query', send: () => postJson(server.app.url, { query: '{ candidates(filter: { stages: [ELECTED] }) { totalCount } }' }, committeeToken), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
    {
      title: 'fragments that spread each other in a cycle',
      send: () => postJson(server.app.url, { query: '{ me { ...A } } fragment A on User { email ...B } fragment B on User { role ...A }' }, committeeToken),
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
    },

    // Variables of the wrong type
    { title: 'a string for an Int variable', send: () => postJson(server.app.url, { query: LIST, variables: { first: 'ten' } }, committeeToken), status: 400, code: 'BAD_USER_INPUT' },
    { title: 'a float for an Int variable', send: () => postJson(server.app.url, { query: LIST, variables: { first: 2.5 } }, committeeToken), status: 400, code: 'BAD_USER_INPUT' },
    { title: 'an Int variable beyond 32 bits', send: () => postJson(server.app.url, { query: LIST, variables: { first: 2 ** 40 } }, committeeToken), status: 400, code: 'BAD_USER_INPUT' },
    { title: 'an object for a String variable', send: () => postJson(server.app.url, { query: LIST, variables: { filter: { search: { $ne: '' } } } }, committeeToken), status: 400, code: 'BAD_USER_INPUT' },
    { title: 'an unknown enum value in the variables', send: () => postJson(server.app.url, { query: LIST, variables: { filter: { stages: ['ELECTED'] } } }, committeeToken), status: 400, code: 'BAD_USER_INPUT' },
    { title: 'an enum value in the wrong case', send: () => postJson(server.app.url, { query: CREATE, variables: { input: validCandidate({ gender: 'female' }) } }, secretaryToken), status: 400, code: 'BAD_USER_INPUT' },
    { title: 'a missing required input field', send: () => postJson(server.app.url, { query: CREATE, variables: { input: { ...validCandidate(), fullName: undefined } } }, secretaryToken), status: 400, code: 'BAD_USER_INPUT' },
    { title: 'an unknown input field', send: () => postJson(server.app.url, { query: CREATE, variables: { input: validCandidate({ stage: 'OFFICIAL' }) } }, secretaryToken), status: 400, code: 'BAD_USER_INPUT' },
    { title: 'a missing required variable', send: () => postJson(server.app.url, { query: CREATE, variables: {} }, secretaryToken), status: 400, code: 'BAD_USER_INPUT' },

    // Dates
    { title: 'dateOfBirth 2023-02-30 (no such day)', send: () => postJson(server.app.url, { query: CREATE, variables: { input: validCandidate({ dateOfBirth: '2023-02-30' }) } }, secretaryToken), status: 400, code: 'BAD_USER_INPUT' },
    { title: 'dateOfBirth "yesterday"', send: () => postJson(server.app.url, { query: CREATE, variables: { input: validCandidate({ dateOfBirth: 'yesterday' }) } }, secretaryToken), status: 400, code: 'BAD_USER_INPUT' },
    { title: 'dateOfBirth 1995-13-01 (no such month)', send: () => postJson(server.app.url, { query: CREATE, variables: { input: validCandidate({ dateOfBirth: '1995-13-01' }) } }, secretaryToken), status: 400, code: 'BAD_USER_INPUT' },
    { title: 'dateOfBirth with a time', send: () => postJson(server.app.url, { query: CREATE, variables: { input: validCandidate({ dateOfBirth: '1995-03-10T00:00:00Z' }) } }, secretaryToken), status: 400, code: 'BAD_USER_INPUT' },
    { title: 'dateOfBirth as a number', send: () => postJson(server.app.url, { query: CREATE, variables: { input: validCandidate({ dateOfBirth: 19950310 }) } }, secretaryToken), status: 400, code: 'BAD_USER_INPUT' },
    { title: 'identifiedOn 2023-02-29 (not a leap year)', send: () => postJson(server.app.url, { query: CREATE, variables: { input: validCandidate({ identifiedOn: '2023-02-29' }) } }, secretaryToken), status: 400, code: 'BAD_USER_INPUT' },
    // Global ids
    { title: 'a malformed global id', send: () => postJson(server.app.url, { query: 'query ($id: ID!) { candidate(id: $id) { id } }', variables: { id: 'not an id!' } }, committeeToken), code: 'BAD_USER_INPUT' },
    { title: 'a base64 global id that is not ours', send: () => postJson(server.app.url, { query: 'query ($id: ID!) { candidate(id: $id) { id } }', variables: { id: Buffer.from('hello world').toString('base64') } }, committeeToken), code: 'BAD_USER_INPUT' },
    { title: 'the global id of an organization where a candidate is expected', send: () => postJson(server.app.url, { query: 'query ($id: ID!) { candidate(id: $id) { id } }', variables: { id: gid.org(world.city) } }, committeeToken), code: 'BAD_USER_INPUT' },
    {
      title: 'a global id with a SQL payload',
      send: () => postJson(server.app.url, { query: 'query ($id: ID!) { candidate(id: $id) { id } }', variables: { id: Buffer.from('Candidate:1 OR 1=1').toString('base64url') } }, committeeToken),
      code: 'BAD_USER_INPUT',
    },
    {
      title: 'a global id with a number beyond any row',
      send: () => postJson(server.app.url, { query: 'query ($id: ID!) { candidate(id: $id) { id } }', variables: { id: Buffer.from('Candidate:99999999999999999999').toString('base64url') } }, committeeToken),
      code: 'BAD_USER_INPUT',
    },
    { title: 'a 10,000-character global id', send: () => postJson(server.app.url, { query: 'query ($id: ID!) { candidate(id: $id) { id } }', variables: { id: 'A'.repeat(10_000) } }, committeeToken), code: 'BAD_USER_INPUT' },
    {
      title: 'createCandidate with the global id of a candidate as its organization',
      send: () => postJson(server.app.url, { query: CREATE, variables: { input: validCandidate({ organizationId: gid.candidate(world.candidates.candidateA1) }) } }, secretaryToken),
      code: 'BAD_USER_INPUT',
    },
    {
      title: 'createCandidate with a malformed mentor id',
      send: () => postJson(server.app.url, { query: CREATE, variables: { input: validCandidate({ mentorId: 'bWVtYmVyOjE' }) } }, secretaryToken),
      code: 'BAD_USER_INPUT',
    },
    { title: 'a filter.under that is a member id', send: () => postJson(server.app.url, { query: LIST, variables: { filter: { under: gid.member(world.members.mentorA) } } }, committeeToken), code: 'BAD_USER_INPUT' },
    { title: 'a cursor that is not one', send: () => postJson(server.app.url, { query: '{ candidates(after: "bm90LWEtY3Vyc29y") { totalCount } }' }, committeeToken), code: 'BAD_USER_INPUT' },

    // Oversized strings
    { title: 'a 10,000-character fullName', send: () => postJson(server.app.url, { query: CREATE, variables: { input: validCandidate({ fullName: 'Nguyễn '.repeat(1430).slice(0, 10_000) }) } }, secretaryToken), code: 'BAD_USER_INPUT' },
    { title: 'a 200-character search', send: () => postJson(server.app.url, { query: LIST, variables: { filter: { search: 'a'.repeat(200) } } }, committeeToken), code: 'BAD_USER_INPUT' },
    { title: 'a 6,000-character notes', send: () => postJson(server.app.url, { query: CREATE, variables: { input: validCandidate({ notes: 'ghi chú '.repeat(750) }) } }, secretaryToken), code: 'BAD_USER_INPUT' },
    { title: 'a one-character fullName', send: () => postJson(server.app.url, { query: CREATE, variables: { input: validCandidate({ fullName: 'A' }) } }, secretaryToken), code: 'BAD_USER_INPUT' },
    { title: 'a 300-character email to log in with', send: () => postJson(server.app.url, { query: 'mutation ($e: String!) { login(email: $e, password: "x") { token } }', variables: { e: `${'a'.repeat(300)}@test.ketnap` } }), code: 'BAD_USER_INPUT' },

    // Limits
    { title: `a selection deeper than maxQueryDepth`, send: () => postJson(server.app.url, { query: deepSelection(13) }, committeeToken), status: 400, code: 'QUERY_TOO_DEEP', message: /is 16 levels deep; at most 12/ },
    {
      title: 'a deep selection hidden in fragments and inline fragments',
      send: () =>
        postJson(
          server.app.url,
          {
            query: `{ me { organization { ...L1 } } }
              fragment L1 on Organization { children { ... on Organization { children { ...L3 } } } }
              fragment L3 on Organization { children { children { children { children { children { children { children { children { children { id } } } } } } } } } }`,
          },
          committeeToken,
        ),
      status: 400,
      code: 'QUERY_TOO_DEEP',
      message: /levels deep; at most 12/,
    },
    {
      title: '130 aliased statistics fields (over the default maxQueryComplexity)',
      send: () =>
        postJson(
          server.app.url,
          { query: `query ($id: ID!) { ${Array.from({ length: 130 }, (_, i) => `s${i}: statistics(organizationId: $id) { cells { total } }`).join(' ')} }`, variables: { id: gid.org(world.city) } },
          committeeToken,
        ),
      status: 400,
      code: 'QUERY_TOO_COMPLEX',
      message: /would cost \d+; at most 25000/,
    },
    { title: 'first: 101', send: () => postJson(server.app.url, { query: '{ candidates(first: 101) { totalCount } }' }, committeeToken), code: 'BAD_USER_INPUT' },
    { title: 'first: 101 on a nested list (members)', send: () => postJson(server.app.url, { query: '{ members(first: 101) { totalCount } }' }, committeeToken), code: 'BAD_USER_INPUT' },
    { title: 'first: 0', send: () => postJson(server.app.url, { query: '{ candidates(first: 0) { totalCount } }' }, committeeToken), code: 'BAD_USER_INPUT' },
    { title: 'first: -1', send: () => postJson(server.app.url, { query: '{ organizations(first: -1) { totalCount } }' }, committeeToken), code: 'BAD_USER_INPUT' },
    {
      title: 'a batch of 11 operations (over the default maxBatchOperations)',
      send: () => postJson(server.app.url, Array.from({ length: 11 }, () => ({ query: '{ me { email } }' })), committeeToken),
      status: 400,
      code: 'TOO_MANY_OPERATIONS',
    },

    // Authentication
    { title: 'a mutation without a token', send: () => postJson(server.app.url, { query: CREATE, variables: { input: validCandidate() } }), code: 'UNAUTHENTICATED' },
    { title: 'a bearer token that is garbage', send: () => post(server.app.url, JSON.stringify({ query: CREATE, variables: { input: validCandidate() } }), { authorization: "Bearer ' OR 1=1 --" }), status: 401, code: 'UNAUTHENTICATED' },
  ];

  it.each(CASES.map((c) => [c.title, c] as const))('refuses %s with a JSON error code, no leak, and no change', async (_title, badRequest) => {
    const before = await rowCounts(server.dataSource);
    const response = await badRequest.send();
    expect(response.contentType).toMatch(/^application\/(graphql-response\+)?json/);
    expect(response.text).not.toMatch(/<html|<!DOCTYPE|<pre>/i);
    const errors = errorsOf(response);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error.extensions?.code).not.toBe('INTERNAL');
    expect((response.json as { data?: unknown }).data ?? null).toBeNull();
    expectNoLeak(response.json);
    expect(await rowCounts(server.dataSource)).toEqual(before);
    if (badRequest.message) expect(errors[0].message).toMatch(badRequest.message);
    // Last, so a wrong code or status is reported after everything else was checked.
    expect({ status: response.status, code: errors[0].extensions?.code }).toEqual({ status: badRequest.status ?? response.status, code: badRequest.code });
    expect(response.status).toBeLessThan(500);
  });

  it.each([['2023-02-30'], ['yesterday'], ['2024-2-1']])('refuses the date literal "%s" written in the query, naming the LocalDate format', async (literal) => {
    const before = await rowCounts(server.dataSource);
    const response = await postJson(server.app.url, { query: `{ candidates(filter: { eligibleBy: "${literal}" }) { totalCount } }` }, committeeToken);
    expect(response.status).toBe(400);
    const errors = errorsOf(response);
    // A literal is checked while validating the document, so GraphQL reports it as a validation
    // error; the scalar's own BAD_USER_INPUT is accepted too. Never INTERNAL.
    expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(errors[0].extensions?.code);
    expect(errors[0].message).toMatch(/YYYY-MM-DD/);
    expectNoLeak(response.json);
    expect(await rowCounts(server.dataSource)).toEqual(before);
  });

  it('answers a batch of 3 operations with an array of 3 results, each on its own', async () => {
    const before = await rowCounts(server.dataSource);
    const response = await postJson(
      server.app.url,
      [
        { query: '{ me { email } }' },
        { query: 'query ($id: ID!) { organization(id: $id) { name } }', variables: { id: gid.org(world.city) } },
        { query: '{ candidates(first: 101) { totalCount } }' },
      ],
      committeeToken,
    );
    expect(response.status).toBe(200);
    expect(Array.isArray(response.json)).toBe(true);
    const results = response.json as GraphQLResponse[];
    expect(results).toHaveLength(3);
    expect(results[0]).toEqual({ data: { me: { email: world.users.cityCommittee.email } } });
    expect(results[1]).toEqual({ data: { organization: { name: world.city.name } } });
    // One bad operation does not spoil the others.
    expect(results[2].errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expectNoLeak(results[2].errors);
    expect(await rowCounts(server.dataSource)).toEqual(before);
  });

  it('remembers costs only for the variables a query declares, and answers variables too deep to write out', async () => {
    const query = 'query ($first: Int) { candidates(first: $first) { totalCount } }';
    const total = ok(await server.gql<{ candidates: { totalCount: number } }>(query, { first: 7 }, committeeToken)).candidates.totalCount;
    expect(total).toBeGreaterThan(0);
    const before = rememberedCosts();
    // The same text and page size with variables it does not declare: nothing more is remembered.
    for (let i = 0; i < 20; i += 1) {
      const response = await postJson(server.app.url, { query, variables: { first: 7, [`unused${i}`]: 'x'.repeat(500 + i) } }, committeeToken);
      expect((response.json as { data: { candidates: { totalCount: number } } }).data.candidates.totalCount).toBe(total);
    }
    expect(rememberedCosts()).toBe(before);
    // A declared variable whose value is too long to be a key is worked out each time, not kept.
    const search = 'query ($first: Int, $filter: CandidateFilter) { candidates(first: $first, filter: $filter) { totalCount } }';
    expect(errorCode(await server.gql(search, { first: 7, filter: { search: 'y'.repeat(2000) } }, committeeToken))).toBe('BAD_USER_INPUT');
    expect(rememberedCosts()).toBe(before);
    ok(await server.gql(search, { first: 7, filter: { search: 'y'.repeat(100) } }, committeeToken));
    expect(rememberedCosts()).toBe(before + 1);
    // Undeclared variables nested deeper than JSON.stringify can go: the query is answered.
    const deep = `${'['.repeat(20_000)}1${']'.repeat(20_000)}`;
    const body = `{"query":${JSON.stringify(query)},"variables":{"first":7,"deep":${deep}}}`;
    const response = await post(server.app.url, body, { authorization: `Bearer ${committeeToken}` });
    expect(response.status).toBe(200);
    expect((response.json as { data: { candidates: { totalCount: number } } }).data.candidates.totalCount).toBe(total);
  });

  it('answers first: 100 (the maximum)', async () => {
    const result = ok(await server.gql<{ candidates: { totalCount: number } }>('{ candidates(first: 100) { totalCount } }', {}, committeeToken));
    expect(result.candidates.totalCount).toBeGreaterThan(0);
  });

  it('stores a Vietnamese name typed in combining form (NFD) as the precomposed form (NFC)', async () => {
    const nfc = 'Nguyễn Thị Ánh Tuyết';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    expect(nfd.length).toBeGreaterThan(nfc.length);
    const created = ok(await server.gql<{ createCandidate: { id: string; fullName: string } }>(CREATE, { input: validCandidate({ fullName: `  ${nfd.replace(' ', '   ')} ` }) }, secretaryToken));
    expect(created.createCandidate.fullName).toBe(nfc);
    const read = ok(await server.gql<{ candidate: { fullName: string } }>('query ($id: ID!) { candidate(id: $id) { fullName } }', { id: created.createCandidate.id }, committeeToken));
    expect(read.candidate.fullName).toBe(nfc);
    expect(read.candidate.fullName.normalize('NFC')).toBe(read.candidate.fullName);
    // Stored as NFC in the database too, and found by a search in either form or without marks.
    const [row] = (await server.dataSource.query('SELECT full_name AS name FROM candidate WHERE full_name = ?', [nfc])) as { name: string }[];
    expect(row?.name).toBe(nfc);
    for (const search of ['Ánh Tuyết'.normalize('NFD'), 'Ánh Tuyết', 'anh tuyet']) {
      const found = ok(await server.gql<{ candidates: { nodes: { fullName: string }[] } }>(LIST, { filter: { search } }, committeeToken));
      expect(found.candidates.nodes.map((n) => n.fullName)).toEqual([nfc]);
    }
  });

  it('stores SQL-looking text verbatim and treats SQL-looking searches as plain text', async () => {
    const name = "Robert'); DROP TABLE candidate;--";
    const before = await rowCounts(server.dataSource);
    const created = ok(await server.gql<{ createCandidate: { id: string; fullName: string } }>(CREATE, { input: validCandidate({ fullName: name, notes: "1'; DELETE FROM member WHERE '1'='1" }) }, secretaryToken));
    expect(created.createCandidate.fullName).toBe(name);
    const after = await rowCounts(server.dataSource);
    // Exactly one candidate and its first history event more; nothing dropped or deleted.
    expect(after).toEqual({ ...before, candidate: before.candidate + 1, candidate_stage_event: before.candidate_stage_event + 1 });
    const read = ok(await server.gql<{ candidate: { fullName: string; notes: string } }>('query ($id: ID!) { candidate(id: $id) { fullName notes } }', { id: created.createCandidate.id }, committeeToken));
    expect(read.candidate).toEqual({ fullName: name, notes: "1'; DELETE FROM member WHERE '1'='1" });

    const all = ok(await server.gql<{ candidates: { totalCount: number } }>(LIST, {}, committeeToken)).candidates.totalCount;
    expect(all).toBeGreaterThan(2);
    for (const search of ["%' OR 1=1 --", "' OR '1'='1", '%', '%%', '_', "\\' OR 1=1 #", '" OR ""="']) {
      const result = ok(await server.gql<{ candidates: { totalCount: number; nodes: { fullName: string }[] } }>(LIST, { filter: { search } }, committeeToken));
      // A wildcard on its own is no filter at all; anything else finds nothing: never more than every row.
      if (/^[%_]+$/.test(search)) expect(result.candidates.totalCount).toBe(all);
      else expect(result.candidates.totalCount).toBe(0);
      expect(result.candidates.nodes.length).toBeLessThanOrEqual(all);
    }
    const exact = ok(await server.gql<{ candidates: { nodes: { fullName: string }[] } }>(LIST, { filter: { search: "Robert'); DROP" } }, committeeToken));
    expect(exact.candidates.nodes.map((n) => n.fullName)).toEqual([name]);
    // The tables are all still there.
    expect(await rowCounts(server.dataSource)).toEqual(after);
  });

  it('never answers an id of a row outside the caller’s scope differently from a missing one', async () => {
    const foreign = await buildTenantWorld(server.dataSource, 'Ngoài Phạm Vi');
    const outside = await server.gql('query ($id: ID!) { candidate(id: $id) { id } }', { id: gid.candidate(foreign.candidates.candidateA1) }, committeeToken);
    const missing = await server.gql('query ($id: ID!) { candidate(id: $id) { id } }', { id: toGlobalId('Candidate', 987654321) }, committeeToken);
    expect(errorCode(outside)).toBe('NOT_FOUND');
    expect(errorCode(missing)).toBe('NOT_FOUND');
    expect(outside.errors?.[0].message).toBe(missing.errors?.[0].message);
  });
});

describe('hardening: tight limits (small body, batch and complexity limits)', () => {
  let server: TestServer;
  let token: string;
  let cityId: string;

  beforeAll(async () => {
    server = await startTestServer({ bodyLimitBytes: 2048, maxBatchOperations: 2, maxQueryComplexity: 500 });
    const city = await buildOrganization(server.dataSource, null, { name: 'Thành ủy Giới Hạn' });
    cityId = gid.org(city);
    token = server.tokenFor(await buildUser(server.dataSource, Role.COMMITTEE, city));
  });
  afterAll(() => server.close());

  /** Checks a refusal's body; its HTTP status is checked by `expectStatus`, at the end of each test. */
  function expectRefused(response: RawResponse, code: string): ErrorList {
    expect(response.contentType).toMatch(/^application\/(graphql-response\+)?json/);
    expect(response.text).not.toMatch(/<html|<!DOCTYPE|<pre>/i);
    const errors = errorsOf(response);
    expect(errors[0].extensions?.code).toBe(code);
    expect((response.json as { data?: unknown }).data ?? null).toBeNull();
    expectNoLeak(response.json);
    return errors;
  }

  /** A refused request is the client's doing: a 4xx status, never a 5xx. */
  function expectStatus(response: RawResponse, status: number): void {
    expect({ code: errorsOf(response)[0].extensions?.code, status: response.status }).toEqual({ code: errorsOf(response)[0].extensions?.code, status });
  }

  it('refuses a body over bodyLimitBytes with 413 PAYLOAD_TOO_LARGE in JSON, and accepts one under it', async () => {
    const before = await rowCounts(server.dataSource);
    const big = JSON.stringify({ query: '{ me { email } }', variables: { padding: 'x'.repeat(5000) } });
    expect(Buffer.byteLength(big)).toBeGreaterThan(2048);
    const refused = await post(server.app.url, big, { authorization: `Bearer ${token}` });
    expectRefused(refused, 'PAYLOAD_TOO_LARGE');
    // Multi-byte characters count in bytes, not characters.
    const vietnamese = JSON.stringify({ query: '{ me { email } }', variables: { padding: 'ệ'.repeat(800) } });
    expect(vietnamese.length).toBeLessThan(2048);
    expect(Buffer.byteLength(vietnamese)).toBeGreaterThan(2048);
    const refusedVietnamese = await post(server.app.url, vietnamese, { authorization: `Bearer ${token}` });
    expectRefused(refusedVietnamese, 'PAYLOAD_TOO_LARGE');
    const small = await post(server.app.url, JSON.stringify({ query: '{ me { email } }', variables: { padding: 'x'.repeat(1000) } }), { authorization: `Bearer ${token}` });
    expect(small.status).toBe(200);
    expect((small.json as { data: { me: { email: string } } }).data.me.email).toMatch(/@test\.ketnap$/);
    expect(await rowCounts(server.dataSource)).toEqual(before);
    expectStatus(refused, 413);
    expectStatus(refusedVietnamese, 413);
  });

  it('refuses an expensive nested query over maxQueryComplexity with QUERY_TOO_COMPLEX before running it', async () => {
    const before = await rowCounts(server.dataSource);
    const query = '{ candidates(first: 100) { edges { node { history { facts } cell { children { cells { school { headcounts { teachers } } } } } } } } }';
    const response = await postJson(server.app.url, { query }, token);
    const errors = expectRefused(response, 'QUERY_TOO_COMPLEX');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/would cost \d+; at most 500/);
    expect(await rowCounts(server.dataSource)).toEqual(before);
    // Nothing ran: the only SQL statement is the token's user lookup.
    expect(Number(response.sqlStatements)).toBeLessThanOrEqual(1);
    expectStatus(response, 400);
  });

  it('refuses several aliased statistics fields over maxQueryComplexity with QUERY_TOO_COMPLEX', async () => {
    const query = `query ($id: ID!) { a: statistics(organizationId: $id) { cells { total } } b: statistics(organizationId: $id) { cells { total } } c: statistics(organizationId: $id) { cells { total } } }`;
    const response = await postJson(server.app.url, { query, variables: { id: cityId } }, token);
    const errors = expectRefused(response, 'QUERY_TOO_COMPLEX');
    expect(errors).toHaveLength(1);
    // The same query with one statistics field fits.
    const one = ok(await server.gql<{ a: { cells: { total: number } } }>(`query ($id: ID!) { a: statistics(organizationId: $id) { cells { total } } }`, { id: cityId }, token));
    expect(one.a.cells.total).toBe(0);
    expectStatus(response, 400);
  });

  it('counts the page size a variable asks for', async () => {
    const query = 'query ($first: Int) { candidates(first: $first) { nodes { history { facts } cell { name } } } }';
    const response = await postJson(server.app.url, { query, variables: { first: 100 } }, token);
    expectRefused(response, 'QUERY_TOO_COMPLEX');
    expect(ok(await server.gql<{ candidates: { nodes: unknown[] } }>(query, { first: 5 }, token)).candidates.nodes).toEqual([]);
    expectStatus(response, 400);
    // Costs are remembered per document and variables: the same text with each page size again.
    expectRefused(await postJson(server.app.url, { query, variables: { first: 100 } }, token), 'QUERY_TOO_COMPLEX');
    expect(ok(await server.gql<{ candidates: { nodes: unknown[] } }>(query, { first: 5 }, token)).candidates.nodes).toEqual([]);
  });

  it('counts a variable left out at its declared default, even after the same text was sent with null', async () => {
    // (stallReasons, a list bounded by its enum: history is costed at its bound, 44 events, too much for this limit at any page size.)
    const query = 'query ($n: Int = 100) { candidates(first: $n) { nodes { stallReasons { reason } cell { name } } } }';
    // null: the default page size, which fits.
    expect(ok(await server.gql<{ candidates: { nodes: unknown[] } }>(query, { n: null }, token)).candidates.nodes).toEqual([]);
    // Left out: the declared default, 100, which does not (and is not the cost remembered for null).
    expectRefused(await postJson(server.app.url, { query, variables: {} }, token), 'QUERY_TOO_COMPLEX');
    expectRefused(await postJson(server.app.url, { query }, token), 'QUERY_TOO_COMPLEX');
    expect(ok(await server.gql<{ candidates: { nodes: unknown[] } }>(query, { n: null }, token)).candidates.nodes).toEqual([]);
  });

  it('answers a batch of maxBatchOperations and refuses one more with 400 TOO_MANY_OPERATIONS', async () => {
    const two = await postJson(server.app.url, [{ query: '{ me { email } }' }, { query: '{ me { role } }' }], token);
    expect(two.status).toBe(200);
    expect((two.json as unknown[]).length).toBe(2);
    const three = await postJson(server.app.url, [{ query: '{ me { email } }' }, { query: '{ me { role } }' }, { query: '{ me { displayName } }' }], token);
    const errors = expectRefused(three, 'TOO_MANY_OPERATIONS');
    expect(errors[0].message).toMatch(/at most 2/);
    expectStatus(three, 400);
  });
});
