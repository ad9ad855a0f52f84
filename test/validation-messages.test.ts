import { startTestServer, errorCode, type TestServer } from './support/server';
import { buildCell, buildOrganization, buildUser, gid } from './factories';
import { Role } from '../src/domain/enums';

/**
 * A refused argument names what is wrong at any depth of the input: the outside review got
 * `BAD_USER_INPUT "Invalid input: "` with `problems: []` for a filter's field, a long search or a
 * headcount, because only the top level of the validation errors was read.
 */
describe('validation messages name the field at any depth', () => {
  let server: TestServer;
  let token: string;
  let schoolId: string;
  let schoolVersion: number;

  beforeAll(async () => {
    server = await startTestServer();
    const city = await buildOrganization(server.dataSource, null, { name: 'Thành ủy Thông Báo' });
    token = server.tokenFor(await buildUser(server.dataSource, Role.COMMITTEE, city));
    const { school } = await buildCell(server.dataSource, city);
    schoolId = gid.school(school);
    schoolVersion = school.version;
  });
  afterAll(() => server.close());

  it.each([
    ['a filter field out of range', '{ candidates(filter: { dueWithinDays: 2147483647 }) { totalCount } }', /dueWithinDays/],
    ['a search that is too long', `{ candidates(filter: { search: "${'a'.repeat(300)}" }) { totalCount } }`, /search/],
    ['a members search that is too long', `{ members(filter: { search: "${'b'.repeat(300)}" }) { totalCount } }`, /search/],
  ])('%s: BAD_USER_INPUT with a problem naming the field, and the message says it', async (_what, query, field) => {
    const answer = await server.gql(query, {}, token);
    expect(errorCode(answer)).toBe('BAD_USER_INPUT');
    const problems = (answer.errors?.[0]?.extensions?.problems ?? []) as { field: string; message: string }[];
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((p) => p.field).join(' ')).toMatch(field);
    expect(problems.every((p) => p.message.length > 0)).toBe(true);
    expect(answer.errors?.[0]?.message).toMatch(/^Invalid input: \S/);
    expect(answer.errors?.[0]?.message).toMatch(field);
  });

  it('a headcount inside a list: the problem names its place (headcounts[1].teachers)', async () => {
    const answer = await server.gql(
      'mutation ($id: ID!, $input: UpdateSchoolInput!) { updateSchool(id: $id, input: $input) { id } }',
      { id: schoolId, input: { version: schoolVersion, headcounts: [{ schoolYear: 2025, managers: 3, teachers: 30, staff: 5, students: 400 }, { schoolYear: 2024, managers: 3, teachers: -4, staff: 5, students: 400 }] } },
      token,
    );
    expect(errorCode(answer)).toBe('BAD_USER_INPUT');
    const problems = (answer.errors?.[0]?.extensions?.problems ?? []) as { field: string; message: string }[];
    expect(problems.map((p) => p.field)).toEqual(['headcounts[1].teachers']);
    expect(answer.errors?.[0]?.message).toMatch(/headcounts\[1\]\.teachers/);
  });
});
