import { startTestServer, type GraphQLResponse, type TestServer } from './support/server';
import { buildCandidate, buildCell, buildMember, buildOrganization, buildUser, gid } from './factories';
import { Role } from '../src/domain/enums';
import { Member } from '../src/modules/member/member.entity';
import { Candidate } from '../src/modules/candidate/candidate.entity';
import type { Organization } from '../src/modules/organization/organization.entity';

/**
 * A national ID has exactly 12 digits (CCCD) or 9 (old CMND), the same rule in every input that
 * takes one: createMember, updateMember, createCandidate, updateCandidate. Anything else is
 * BAD_USER_INPUT naming the field, never padded, and nothing changes.
 */
const CREATE_MEMBER = `mutation ($input: CreateMemberInput!) { createMember(input: $input) { id nationalId } }`;
const UPDATE_MEMBER = `mutation ($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id nationalId } }`;
const CREATE_CANDIDATE = `mutation ($input: CreateCandidateInput!) { createCandidate(input: $input) { id nationalId } }`;
const UPDATE_CANDIDATE = `mutation ($id: ID!, $input: UpdateCandidateInput!) { updateCandidate(id: $id, input: $input) { id nationalId } }`;

let server: TestServer;
let cell: Organization;
let token: string;

beforeAll(async () => {
  server = await startTestServer();
  const city = await buildOrganization(server.dataSource, null, { name: 'Huyện ủy Định Danh' });
  const commune = await buildOrganization(server.dataSource, city, { name: 'Đảng ủy xã Định Danh' });
  cell = (await buildCell(server.dataSource, commune, { name: 'Chi bộ Trường THCS Định Danh' })).cell;
  token = server.tokenFor(await buildUser(server.dataSource, Role.COMMITTEE, city));
});

afterAll(async () => {
  await server.close();
});

const WRONG = ['12345', '00012345', '1185012345', '01185012345', '0011850123456', '001 185 012 345', '00118501234a', '１２３４５６７８９'];

function refusedNamingNationalId(response: GraphQLResponse): void {
  expect(response.data ?? null).toBeNull();
  expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [expect.objectContaining({ field: 'nationalId' })] });
  expect(JSON.stringify(response.errors?.[0].extensions?.problems)).toContain('exactly 12 digits (CCCD) or 9 (old CMND)');
}

describe('the national ID rule in the GraphQL inputs', () => {
  it.each(WRONG)('createMember and createCandidate refuse %p and create nothing', async (nationalId) => {
    const members = await server.dataSource.getRepository(Member).countBy({ organizationId: cell.id });
    const candidates = await server.dataSource.getRepository(Candidate).countBy({ organizationId: cell.id });
    refusedNamingNationalId(await server.gql(CREATE_MEMBER, { input: { organizationId: gid.org(cell), fullName: 'Lê Văn Số', category: 'TEACHER', status: 'OFFICIAL', nationalId } }, token));
    refusedNamingNationalId(
      await server.gql(
        CREATE_CANDIDATE,
        { input: { organizationId: gid.org(cell), fullName: 'Lê Thị Số', dateOfBirth: '1995-03-10', gender: 'FEMALE', category: 'TEACHER', educationLevel: 'UNIVERSITY', nationalId } },
        token,
      ),
    );
    expect(await server.dataSource.getRepository(Member).countBy({ organizationId: cell.id })).toBe(members);
    expect(await server.dataSource.getRepository(Candidate).countBy({ organizationId: cell.id })).toBe(candidates);
  });

  it('updateMember and updateCandidate refuse 12345 and keep the stored ID', async () => {
    const member = await buildMember(server.dataSource, cell, { nationalId: '001185099991' });
    const candidate = await buildCandidate(server.dataSource, cell, { nationalId: '001195099992' });
    refusedNamingNationalId(await server.gql(UPDATE_MEMBER, { id: gid.member(member), input: { nationalId: '12345', version: member.version } }, token));
    refusedNamingNationalId(await server.gql(UPDATE_CANDIDATE, { id: gid.candidate(candidate), input: { nationalId: '12345', version: candidate.version } }, token));
    expect((await server.dataSource.getRepository(Member).findOneByOrFail({ id: member.id })).nationalId).toBe('001185099991');
    expect((await server.dataSource.getRepository(Candidate).findOneByOrFail({ id: candidate.id })).nationalId).toBe('001195099992');
  });

  it.each([
    ['a CCCD, 12 digits', '001185012346'],
    ['an old CMND, 9 digits', '012345678'],
  ])('accepts %s as typed', async (_label, nationalId) => {
    const response = await server.gql<{ createMember: { nationalId: string } }>(
      CREATE_MEMBER,
      { input: { organizationId: gid.org(cell), fullName: `Lê Văn Đúng ${nationalId.length}`, category: 'TEACHER', status: 'OFFICIAL', nationalId } },
      token,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.createMember.nationalId).toBe(nationalId);
  });
});
