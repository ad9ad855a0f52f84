import { startTestServer, ok, type TestServer } from './support/server';
import { buildCityToCell, gid } from './factories';
import type { Organization } from '../src/modules/organization/organization.entity';

/**
 * Every name a person (or a school) can have is stored and found, on SQLite and MySQL alike:
 * apostrophes of the Central Highlands names in any of the ways they are typed, Vietnamese typed
 * with combining marks, a Chinese character. Before, MySQL answered INTERNAL for the apostrophe
 * and the Chinese character (the search key column was ASCII).
 */
const NAMES: { typed: string; stored: string; searches: string[] }[] = [
  { typed: 'K’Bang', stored: 'K’Bang', searches: ["k'bang", 'K’Bang', 'KʼBang', 'kbang', 'K‘BANG', 'k`bang'] },
  { typed: 'H’Hen Niê', stored: 'H’Hen Niê', searches: ["h'hen nie", 'H’Hen Niê', 'hhen', 'niê'] },
  { typed: 'Y Moan Ê Ban', stored: 'Y Moan Ê Ban', searches: ['y moan e ban', 'Ê BAN', 'moan'] },
  { typed: 'Nguyễn Thị Ánh Tuyết', stored: 'Nguyễn Thị Ánh Tuyết', searches: ['anh tuyet', 'Ánh Tuyết', 'Ánh Tuyết'.normalize('NFD')] },
  { typed: 'Đặng Đức', stored: 'Đặng Đức', searches: ['dang duc', 'ĐẶNG ĐỨC'] },
  { typed: "O'Brien", stored: 'O’Brien', searches: ["o'brien", 'O’Brien', 'obrien'] },
  { typed: 'Trần Thị Hường'.normalize('NFD'), stored: 'Trần Thị Hường', searches: ['tran thi huong', 'Hường', 'Hường'.normalize('NFD')] },
  { typed: 'Vương 王 Minh', stored: 'Vương 王 Minh', searches: ['王', 'vuong 王 minh', 'Vương 王', 'vuong'] },
  { typed: 'Ksor Hʼ Bơ', stored: 'Ksor Hʼ Bơ', searches: ['ksor h bo', 'hʼ bơ', "Ksor H' Bơ"] },
];

const CREATE_MEMBER = `mutation ($input: CreateMemberInput!) { createMember(input: $input) { id fullName } }`;
const CREATE_CANDIDATE = `mutation ($input: CreateCandidateInput!) { createCandidate(input: $input) { id fullName } }`;
const CREATE_ORG = `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id name } }`;
const CREATE_SCHOOL = `mutation ($input: CreateSchoolInput!) { createSchool(input: $input) { id name } }`;
const UPDATE_MEMBER = `mutation ($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { fullName } }`;
const MEMBERS = `query ($filter: MemberFilter) { members(filter: $filter, first: 100) { nodes { id fullName } } }`;
const CANDIDATES = `query ($filter: CandidateFilter) { candidates(filter: $filter, first: 100) { nodes { id fullName } } }`;
const ORGS = `query ($filter: OrganizationFilter) { organizations(filter: $filter, first: 100) { nodes { id name } } }`;
const SCHOOLS = `query ($filter: SchoolFilter) { schools(filter: $filter, first: 100) { nodes { id name } } }`;
const NODE = `query ($id: ID!) { node(id: $id) { ... on Member { fullName } ... on Candidate { fullName } ... on Organization { name } ... on School { name } } }`;

describe('real names, on every database', () => {
  let server: TestServer;
  let city: Organization;
  let commune: Organization;
  let cell: Organization;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer();
    const tree = await buildCityToCell(server.dataSource, { city: 'Thành ủy Tên Riêng', commune: 'Đảng ủy xã Ia Grai' });
    ({ city, commune, cell } = tree);
    token = server.tokenFor(tree.committee);
  });
  afterAll(() => server.close());

  const under = () => gid.org(city);

  describe.each([
    {
      kind: 'member',
      create: (name: string) => server.gql<{ createMember: { id: string; fullName: string } }>(CREATE_MEMBER, { input: { organizationId: gid.org(cell), fullName: name, category: 'TEACHER', status: 'OFFICIAL', admittedOn: '2015-05-19', officialOn: '2016-05-19' } }, token).then((r) => ok(r).createMember),
      list: async (search: string) => ok(await server.gql<{ members: { nodes: { id: string; fullName: string }[] } }>(MEMBERS, { filter: { under: under(), search } }, token)).members.nodes.map((n) => n.fullName),
    },
    {
      kind: 'candidate',
      create: (name: string) =>
        server
          .gql<{ createCandidate: { id: string; fullName: string } }>(CREATE_CANDIDATE, { input: { organizationId: gid.org(cell), fullName: name, dateOfBirth: '1996-04-02', gender: 'FEMALE', category: 'TEACHER', educationLevel: 'UNIVERSITY' } }, token)
          .then((r) => ok(r).createCandidate),
      list: async (search: string) => ok(await server.gql<{ candidates: { nodes: { fullName: string }[] } }>(CANDIDATES, { filter: { under: under(), search } }, token)).candidates.nodes.map((n) => n.fullName),
    },
    {
      kind: 'organization',
      create: (name: string) =>
        server
          .gql<{ createOrganization: { id: string; name: string } }>(CREATE_ORG, { input: { parentId: gid.org(commune), name: `Chi bộ thôn ${name}`, kind: 'SCHOOL_CELL', school: { name: `Trường Tiểu học ${name}`, level: 'PRIMARY' } } }, token)
          .then((r) => ({ id: ok(r).createOrganization.id, fullName: ok(r).createOrganization.name.replace('Chi bộ thôn ', '') })),
      list: async (search: string) =>
        ok(await server.gql<{ organizations: { nodes: { name: string }[] } }>(ORGS, { filter: { under: under(), search } }, token)).organizations.nodes.map((n) => n.name).filter((n) => n.startsWith('Chi bộ thôn ')).map((n) => n.replace('Chi bộ thôn ', '')),
    },
    {
      kind: 'school',
      create: (name: string) =>
        server
          .gql<{ createSchool: { id: string; name: string } }>(CREATE_SCHOOL, { input: { organizationId: gid.org(commune), name: `Trường Mầm non ${name}`, level: 'PRESCHOOL' } }, token)
          .then((r) => ({ id: ok(r).createSchool.id, fullName: ok(r).createSchool.name.replace('Trường Mầm non ', '') })),
      list: async (search: string) =>
        ok(await server.gql<{ schools: { nodes: { name: string }[] } }>(SCHOOLS, { filter: { under: under(), search } }, token)).schools.nodes.map((n) => n.name).filter((n) => n.startsWith('Trường Mầm non ')).map((n) => n.replace('Trường Mầm non ', '')),
    },
  ])('$kind', ({ create, list }) => {
    const created = new Map<string, string>();

    it('stores every name, with its apostrophe folded to ’ and its letters in NFC, and reads it back', async () => {
      for (const name of NAMES) {
        const record = await create(name.typed);
        expect(record.fullName).toBe(name.stored);
        created.set(name.stored, record.id);
        const read = ok(await server.gql<{ node: { fullName?: string; name?: string } }>(NODE, { id: record.id }, token)).node;
        expect((read.fullName ?? read.name ?? '').endsWith(name.stored)).toBe(true);
      }
    });

    it.each(NAMES.flatMap((name) => name.searches.map((search) => [search, name.stored])))('finds it by "%s" (%s)', async (search, stored) => {
      expect(await list(search)).toEqual([stored]);
    });
  });

  it('renames a member to a name with an apostrophe and a Chinese character, and finds it by the new name only', async () => {
    const member = ok(
      await server.gql<{ createMember: { id: string; version: number } }>(
        `mutation ($input: CreateMemberInput!) { createMember(input: $input) { id version } }`,
        { input: { organizationId: gid.org(cell), fullName: 'Rơ Mah Thị Tạm', category: 'STAFF', status: 'OFFICIAL' } },
        token,
      ),
    ).createMember;
    const renamed = ok(await server.gql<{ updateMember: { fullName: string } }>(UPDATE_MEMBER, { id: member.id, input: { fullName: "Rơ Mah H'Lan 兰", version: member.version } }, token)).updateMember;
    expect(renamed.fullName).toBe('Rơ Mah H’Lan 兰');
    const found = ok(await server.gql<{ members: { nodes: { id: string }[] } }>(MEMBERS, { filter: { under: under(), search: 'hlan 兰' } }, token)).members.nodes;
    expect(found.map((n) => n.id)).toEqual([member.id]);
    const old = ok(await server.gql<{ members: { nodes: { id: string }[] } }>(MEMBERS, { filter: { under: under(), search: 'tạm' } }, token)).members.nodes;
    expect(old).toEqual([]);
  });

  it('keeps quotes around a word as they are: only an apostrophe inside a word is folded', async () => {
    const member = ok(await server.gql<{ createMember: { fullName: string } }>(CREATE_MEMBER, { input: { organizationId: gid.org(cell), fullName: "Lê Văn 'Tí'", category: 'STAFF', status: 'OFFICIAL' } }, token)).createMember;
    expect(member.fullName).toBe("Lê Văn 'Tí'");
  });
});
