import { startTestServer, ok, type TestServer, type GraphQLResponse } from './support/server';
import { buildCandidate, buildCell, buildMember, buildOrganization, buildUser, gid } from './factories';
import { Role } from '../src/domain/enums';
import { toGlobalId } from '../src/graphql/global-id';
import type { Organization } from '../src/modules/organization/organization.entity';

/**
 * What a refused caller reads is English a person can read (issue 14 item 8): each action and
 * kind of record has words of its own ("You may not read the statistics of this organization",
 * "You may not create an API key here"), never the code's names ("may not readStatistics a
 * organization", "may not create a apikey"); a kind of record missing reads "API key not found".
 * An API key that is refused is told about the key, not to "log in again" (a reporting client has
 * no session), and a header of neither kind is told which two there are.
 */
const Q = {
  createOrganization: `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
  updateOrganization: `mutation ($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id } }`,
  moveOrganization: `mutation ($input: MoveOrganizationInput!) { moveOrganization(input: $input) { id } }`,
  createSchool: `mutation ($input: CreateSchoolInput!) { createSchool(input: $input) { id } }`,
  updateSchool: `mutation ($id: ID!, $input: UpdateSchoolInput!) { updateSchool(id: $id, input: $input) { id } }`,
  createMember: `mutation ($input: CreateMemberInput!) { createMember(input: $input) { id } }`,
  updateMember: `mutation ($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id } }`,
  createCandidate: `mutation ($input: CreateCandidateInput!) { createCandidate(input: $input) { id } }`,
  updateCandidate: `mutation ($id: ID!, $input: UpdateCandidateInput!) { updateCandidate(id: $id, input: $input) { id } }`,
  createUser: `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`,
  updateUser: `mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id } }`,
  createApiKey: `mutation ($organizationId: ID!, $name: String!) { createApiKey(organizationId: $organizationId, name: $name) { key apiKey { id } } }`,
  revokeApiKey: `mutation ($id: ID!) { revokeApiKey(id: $id) { id } }`,
  statistics: `query ($organizationId: ID!) { statistics(organizationId: $organizationId) { cells { total } } }`,
};

/** A refusal a person should be able to read: no code names, no "a" before a vowel. */
function grammarProblems(message: string): string[] {
  const problems: string[] = [];
  if (/\ba (?!user|uni)[aeiou]/i.test(message)) problems.push('"a" before a vowel');
  if (/\ban [b-df-hj-np-tv-z]/i.test(message)) problems.push('"an" before a consonant');
  if (/\b[a-z]+[A-Z]\w*/.test(message)) problems.push('a camelCase name');
  if (/apikey|auditentry|publicholiday/i.test(message)) problems.push('a type name run together');
  if (/log in/i.test(message)) problems.push('"log in" outside a session');
  return problems;
}

describe('refusal messages, in readable English', () => {
  let server: TestServer;
  let city: Organization;
  let commune: Organization;
  let cell: Organization;
  let schoolId: string;
  let memberId: string;
  let candidateId: string;
  let userId: string;
  let apiKey: { key: string; id: string };
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer();
    city = await buildOrganization(server.dataSource, null, { name: 'Thành ủy Lời Từ Chối' });
    commune = await buildOrganization(server.dataSource, city, { name: 'Đảng ủy phường Lời' });
    const built = await buildCell(server.dataSource, commune);
    cell = built.cell;
    schoolId = gid.school(built.school);
    const mentorMember = await buildMember(server.dataSource, cell);
    memberId = gid.member(mentorMember);
    candidateId = gid.candidate(await buildCandidate(server.dataSource, cell, { mentor: mentorMember }));
    tokens.mentor = `Bearer ${server.tokenFor(await buildUser(server.dataSource, Role.MENTOR, cell, mentorMember))}`;
    tokens.secretary = `Bearer ${server.tokenFor(await buildUser(server.dataSource, Role.CELL_SECRETARY, cell))}`;
    tokens.reporter = `Bearer ${server.tokenFor(await buildUser(server.dataSource, Role.REPORTER, commune))}`;
    tokens.committee = `Bearer ${server.tokenFor(await buildUser(server.dataSource, Role.COMMITTEE, commune))}`;
    userId = gid.user(await buildUser(server.dataSource, Role.MENTOR, cell, mentorMember));
    const created = ok(await as(tokens.committee, Q.createApiKey, { organizationId: gid.org(commune), name: 'Bảng số liệu phường' })) as { createApiKey: { key: string; apiKey: { id: string } } };
    apiKey = { key: created.createApiKey.key, id: created.createApiKey.apiKey.id };
    tokens.apiKey = `ApiKey ${apiKey.key}`;
  });
  afterAll(() => server.close());

  async function as(authorization: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
    const response = await fetch(server.app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as Omit<GraphQLResponse, 'status' | 'statements'>;
    return { status: response.status, ...body, statements: 0 };
  }

  const person = { fullName: 'Lê Thị Từ Chối', category: 'TEACHER' };
  const CASES: { who: string; what: string; query: string; variables: () => Record<string, unknown>; code: string; message: string }[] = [
    // A mentor sees its cell, its school, its member and its candidate, and changes none of them.
    { who: 'mentor', what: 'createOrganization', query: Q.createOrganization, variables: () => ({ input: { parentId: gid.org(commune), name: 'Chi bộ Mới', kind: 'SCHOOL_CELL', school: { name: 'Trường Mới', level: 'PRIMARY' } } }), code: 'FORBIDDEN', message: 'You may not create an organization here' },
    { who: 'mentor', what: 'updateOrganization', query: Q.updateOrganization, variables: () => ({ id: gid.org(cell), input: { name: 'Chi bộ Đổi Tên', version: 1 } }), code: 'FORBIDDEN', message: 'You may not change this organization' },
    { who: 'mentor', what: 'moveOrganization', query: Q.moveOrganization, variables: () => ({ input: { id: gid.org(cell), newParentId: gid.org(city) } }), code: 'FORBIDDEN', message: 'You may not move this organization' },
    { who: 'mentor', what: 'createSchool', query: Q.createSchool, variables: () => ({ input: { organizationId: gid.org(cell), name: 'Trường Mới', level: 'PRIMARY' } }), code: 'FORBIDDEN', message: 'You may not create a school here' },
    { who: 'mentor', what: 'updateSchool', query: Q.updateSchool, variables: () => ({ id: schoolId, input: { name: 'Trường Đổi Tên', version: 1 } }), code: 'FORBIDDEN', message: 'You may not change this school' },
    { who: 'mentor', what: 'createMember', query: Q.createMember, variables: () => ({ input: { organizationId: gid.org(cell), ...person, status: 'OFFICIAL', admittedOn: '2015-05-19', officialOn: '2016-05-19' } }), code: 'FORBIDDEN', message: 'You may not create a member here' },
    { who: 'mentor', what: 'updateMember', query: Q.updateMember, variables: () => ({ id: memberId, input: { fullName: 'Lê Văn Đổi', version: 1 } }), code: 'FORBIDDEN', message: 'You may not change this member' },
    { who: 'mentor', what: 'createCandidate', query: Q.createCandidate, variables: () => ({ input: { organizationId: gid.org(cell), ...person, dateOfBirth: '1996-04-02', gender: 'FEMALE', educationLevel: 'UNIVERSITY' } }), code: 'FORBIDDEN', message: 'You may not create a candidate here' },
    { who: 'mentor', what: 'updateCandidate', query: Q.updateCandidate, variables: () => ({ id: candidateId, input: { fullName: 'Lê Văn Đổi', version: 1 } }), code: 'FORBIDDEN', message: 'You may not change this candidate' },
    { who: 'mentor', what: 'statistics', query: Q.statistics, variables: () => ({ organizationId: gid.org(cell) }), code: 'FORBIDDEN', message: 'You may not read the statistics of this organization' },
    // A cell secretary: no accounts, no keys, no renaming its cell.
    { who: 'secretary', what: 'createUser', query: Q.createUser, variables: () => ({ input: { organizationId: gid.org(cell), role: 'REPORTER', email: 'bao.cao@test.ketnap', displayName: 'Báo cáo', password: 'a-long-enough-password-42' } }), code: 'FORBIDDEN', message: 'You may not create a user account here' },
    { who: 'secretary', what: 'updateUser', query: Q.updateUser, variables: () => ({ id: userId, input: { displayName: 'Tên Mới' } }), code: 'FORBIDDEN', message: 'You may not change this user account' },
    { who: 'secretary', what: 'createApiKey', query: Q.createApiKey, variables: () => ({ organizationId: gid.org(cell), name: 'Khóa chi bộ' }), code: 'FORBIDDEN', message: 'You may not create an API key here' },
    { who: 'secretary', what: 'revokeApiKey', query: Q.revokeApiKey, variables: () => ({ id: apiKey.id }), code: 'NOT_FOUND', message: 'API key not found' },
    { who: 'secretary', what: 'updateOrganization', query: Q.updateOrganization, variables: () => ({ id: gid.org(cell), input: { name: 'Chi bộ Đổi Tên', version: 1 } }), code: 'FORBIDDEN', message: 'You may not change this organization' },
    // A reporter: figures of its subtree only.
    { who: 'reporter', what: 'createMember', query: Q.createMember, variables: () => ({ input: { organizationId: gid.org(commune), ...person, status: 'OFFICIAL', admittedOn: '2015-05-19', officialOn: '2016-05-19' } }), code: 'FORBIDDEN', message: 'You may not create a member here' },
    { who: 'reporter', what: 'createCandidate', query: Q.createCandidate, variables: () => ({ input: { organizationId: gid.org(cell), ...person, dateOfBirth: '1996-04-02', gender: 'FEMALE', educationLevel: 'UNIVERSITY' } }), code: 'FORBIDDEN', message: 'You may not create a candidate here' },
    { who: 'reporter', what: 'statistics', query: Q.statistics, variables: () => ({ organizationId: gid.org(city) }), code: 'FORBIDDEN', message: 'You may not read the statistics of this organization' },
    { who: 'reporter', what: 'revokeApiKey', query: Q.revokeApiKey, variables: () => ({ id: toGlobalId('ApiKey', 987654321) }), code: 'NOT_FOUND', message: 'API key not found' },
    // An API key acts as a reporter.
    { who: 'apiKey', what: 'createOrganization', query: Q.createOrganization, variables: () => ({ input: { parentId: gid.org(commune), name: 'Chi bộ Khóa', kind: 'SCHOOL_CELL', school: { name: 'Trường Khóa', level: 'PRIMARY' } } }), code: 'FORBIDDEN', message: 'You may not create an organization here' },
    { who: 'apiKey', what: 'updateSchool', query: Q.updateSchool, variables: () => ({ id: schoolId, input: { name: 'Trường Đổi Tên', version: 1 } }), code: 'FORBIDDEN', message: 'You may not change this school' },
    { who: 'apiKey', what: 'createApiKey', query: Q.createApiKey, variables: () => ({ organizationId: gid.org(commune), name: 'Khóa mới' }), code: 'FORBIDDEN', message: 'You may not create an API key here' },
    { who: 'apiKey', what: 'statistics', query: Q.statistics, variables: () => ({ organizationId: gid.org(city) }), code: 'FORBIDDEN', message: 'You may not read the statistics of this organization' },
    // A commune committee changes what is below it, never itself; it reads the figures of its own subtree.
    { who: 'committee', what: 'updateOrganization', query: Q.updateOrganization, variables: () => ({ id: gid.org(commune), input: { name: 'Đảng ủy Đổi Tên', version: 1 } }), code: 'FORBIDDEN', message: 'You may not change this organization' },
    { who: 'committee', what: 'moveOrganization', query: Q.moveOrganization, variables: () => ({ input: { id: gid.org(commune), newParentId: gid.org(city) } }), code: 'FORBIDDEN', message: 'You may not move this organization' },
    { who: 'committee', what: 'statistics', query: Q.statistics, variables: () => ({ organizationId: gid.org(city) }), code: 'FORBIDDEN', message: 'You may not read the statistics of this organization' },
  ];

  it('answers every refused action on every kind of record in words of its own', async () => {
    const answers: Record<string, unknown>[] = [];
    for (const c of CASES) {
      const response = await as(tokens[c.who], c.query, c.variables());
      const error = response.errors?.[0];
      answers.push({ who: c.who, what: c.what, code: error?.extensions?.code, message: error?.message, problems: grammarProblems(error?.message ?? '') });
    }
    expect(answers).toEqual(CASES.map((c) => ({ who: c.who, what: c.what, code: c.code, message: c.message, problems: [] })));
  });

  it('names the kind of id expected with the right article', async () => {
    const wrongKind = await as(tokens.committee, Q.updateOrganization, { id: memberId, input: { name: 'Tên', version: 1 } });
    const asked = await as(tokens.committee, `query ($id: ID) { can(action: "update", subject: "Organization", id: $id) }`, { id: memberId });
    const answers = [wrongKind, asked].map((r) => ({ code: r.errors?.[0]?.extensions?.code, message: r.errors?.[0]?.message, problems: r.errors?.[0]?.extensions?.problems }));
    expect(answers).toEqual([
      { code: 'BAD_USER_INPUT', message: 'id is not a valid Organization id', problems: [{ field: 'id', message: 'expected the id of an Organization' }] },
      { code: 'BAD_USER_INPUT', message: 'id is not an Organization id', problems: [{ field: 'id', message: 'wrong kind of id' }] },
    ]);
  });

  it('tells a refused API key about the key, the same for an unknown, a malformed and a revoked one', async () => {
    const STATS = `{ statistics(organizationId: ${JSON.stringify(gid.org(commune))}) { cells { total } } }`;
    expect(ok(await as(tokens.apiKey, STATS))).toBeTruthy();
    ok(await as(tokens.committee, Q.revokeApiKey, { id: apiKey.id }));
    const refused = [];
    for (const key of [`knp_abcdefgh_${'x'.repeat(40)}`, 'not-a-key', apiKey.key]) {
      const response = await as(`ApiKey ${key}`, STATS);
      refused.push({ status: response.status, code: response.errors?.[0]?.extensions?.code, message: response.errors?.[0]?.message, data: response.data ?? null });
    }
    const message = refused[0].message ?? '';
    expect(message).toMatch(/API key/);
    expect(grammarProblems(message)).toEqual([]);
    expect(message).not.toMatch(/session|log in/i);
    expect(refused).toEqual(refused.map(() => ({ status: 401, code: 'UNAUTHENTICATED', message, data: null })));
  });

  it('still tells a session that is no longer valid to log in again, and an unknown scheme which two there are', async () => {
    const STATS = `{ statistics(organizationId: ${JSON.stringify(gid.org(commune))}) { cells { total } } }`;
    const session = await as('Bearer not-a-token', STATS);
    expect({ status: session.status, code: session.errors?.[0]?.extensions?.code, message: session.errors?.[0]?.message }).toEqual({
      status: 401,
      code: 'UNAUTHENTICATED',
      message: 'Your session is no longer valid; log in again',
    });
    const basic = await as('Basic dXNlcjpwYXNz', STATS);
    expect({ status: basic.status, code: basic.errors?.[0]?.extensions?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(basic.errors?.[0]?.message).toMatch(/Bearer.*ApiKey/);
    expect(basic.errors?.[0]?.message).not.toMatch(/log in/i);
  });
});
