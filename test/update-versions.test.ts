import { startTestServer, errorCode, ok, type TestServer } from './support/server';
import { buildCandidate, buildCell, buildMember, buildOrganization, buildUser, gid } from './factories';
import { Role } from '../src/domain/enums';
import { Organization } from '../src/modules/organization/organization.entity';
import { School } from '../src/modules/school/school.entity';
import { Member } from '../src/modules/member/member.entity';
import { Candidate } from '../src/modules/candidate/candidate.entity';

/**
 * Every update names the version it read (outside review F9): `version` was an optional Float on
 * updateOrganization, updateSchool and updateMember, so a client that left it out overwrote
 * whatever another had saved in between. Now it is `Int!` on every update: left out, or not a
 * whole number, the request is refused before any resolver runs and nothing changes; a stale
 * one answers CONFLICT as before.
 */
let server: TestServer;
let token: string;
let commune: Organization;
let cell: Organization;
let school: School;
let member: Member;
let candidate: Candidate;

beforeAll(async () => {
  server = await startTestServer();
  const ds = server.dataSource;
  const city = await buildOrganization(ds, null, { name: 'Huyện ủy Phiên Bản' });
  commune = await buildOrganization(ds, city, { name: 'Đảng ủy xã Phiên Bản' });
  ({ cell, school } = await buildCell(ds, commune, { name: 'Chi bộ Trường THCS Phiên Bản' }));
  member = await buildMember(ds, cell, { fullName: 'Nguyễn Văn Phiên' });
  candidate = await buildCandidate(ds, cell, { fullName: 'Trần Thị Bản' });
  token = server.tokenFor(await buildUser(ds, Role.COMMITTEE, city));
});

afterAll(() => server.close());

interface Update {
  mutation: string;
  id: () => string;
  change: Record<string, unknown>;
  /** The name and version the row holds now (unchanged by a refused update). */
  stored: () => Promise<{ name: string; version: number }>;
}

function pick<K extends string>(row: Record<K, string> & { version: number }, name: K): { name: string; version: number } {
  return { name: row[name], version: row.version };
}

const UPDATES: Record<string, Update> = {
  updateOrganization: {
    mutation: 'mutation ($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id version } }',
    id: () => gid.org(commune),
    change: { name: 'Đảng ủy xã Ghi Đè' },
    stored: async () => pick(await server.dataSource.getRepository(Organization).findOneByOrFail({ id: commune.id }), 'name'),
  },
  updateSchool: {
    mutation: 'mutation ($id: ID!, $input: UpdateSchoolInput!) { updateSchool(id: $id, input: $input) { id version } }',
    id: () => gid.school(school),
    change: { name: 'Trường Ghi Đè' },
    stored: async () => pick(await server.dataSource.getRepository(School).findOneByOrFail({ id: school.id }), 'name'),
  },
  updateMember: {
    mutation: 'mutation ($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id version } }',
    id: () => gid.member(member),
    change: { fullName: 'Người Ghi Đè' },
    stored: async () => pick(await server.dataSource.getRepository(Member).findOneByOrFail({ id: member.id }), 'fullName'),
  },
  updateCandidate: {
    mutation: 'mutation ($id: ID!, $input: UpdateCandidateInput!) { updateCandidate(id: $id, input: $input) { id version } }',
    id: () => gid.candidate(candidate),
    change: { fullName: 'Người Ghi Đè' },
    stored: async () => pick(await server.dataSource.getRepository(Candidate).findOneByOrFail({ id: candidate.id }), 'fullName'),
  },
};

const NAMES = Object.keys(UPDATES);

describe('an update names the version it read', () => {
  it.each(NAMES)('%s without a version is refused as bad input, naming the field, and changes nothing', async (name) => {
    const update = UPDATES[name];
    const before = await update.stored();
    const answer = await server.gql(update.mutation, { id: update.id(), input: update.change }, token);
    expect(answer.data ?? null).toBeNull();
    expect(errorCode(answer)).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0]?.message).toMatch(/Field "version" of required type "Int!" was not provided/);
    expect(await update.stored()).toEqual(before);
  });

  it.each(NAMES)('%s written inline without a version fails GraphQL validation and changes nothing', async (name) => {
    const update = UPDATES[name];
    const before = await update.stored();
    const field = Object.keys(update.change)[0];
    const inline = `mutation ($id: ID!) { ${name}(id: $id, input: { ${field}: ${JSON.stringify(update.change[field])} }) { id } }`;
    const answer = await server.gql(inline, { id: update.id() }, token);
    expect(answer.data ?? null).toBeNull();
    expect(errorCode(answer)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(answer.errors?.[0]?.message).toMatch(/version/);
    expect(await update.stored()).toEqual(before);
  });

  it.each(NAMES)('%s with a version that is not a whole number (1.5) is refused and changes nothing', async (name) => {
    const update = UPDATES[name];
    const before = await update.stored();
    const answer = await server.gql(update.mutation, { id: update.id(), input: { ...update.change, version: 1.5 } }, token);
    expect(answer.data ?? null).toBeNull();
    expect(errorCode(answer)).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0]?.message).toMatch(/Int cannot represent non-integer value: 1\.5/);
    expect(await update.stored()).toEqual(before);
  });

  it.each(NAMES)('%s with the version read saves once; the same version again answers CONFLICT and changes nothing', async (name) => {
    const update = UPDATES[name];
    const read = (await update.stored()).version;
    const saved = ok(await server.gql<Record<string, { version: number }>>(update.mutation, { id: update.id(), input: { ...update.change, version: read } }, token))[name];
    expect(saved.version).toBe(read + 1);
    const after = await update.stored();
    expect(after).toEqual({ name: update.change.name ?? update.change.fullName, version: read + 1 });
    const [field, value] = Object.entries(update.change)[0];
    const stale = await server.gql(update.mutation, { id: update.id(), input: { [field]: `${String(value)} Lần Hai`, version: read } }, token);
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(await update.stored()).toEqual(after);
  });
});
