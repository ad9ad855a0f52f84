import { startTestServer, ok, errorCode, type TestServer, type GraphQLResponse } from './support/server';
import { buildCell, buildMember, buildOrganization, buildTenantWorld, buildUser, gid } from './factories';
import { MemberStatus, OrganizationKind, PersonCategory, Role, SchoolLevel } from '../src/domain/enums';
import { School, SchoolHeadcount } from '../src/modules/school/school.entity';
import { Member } from '../src/modules/member/member.entity';
import { Organization } from '../src/modules/organization/organization.entity';
import { AuditLog } from '../src/modules/audit/audit.entity';
import { insertSchool } from '../src/modules/school/school.rows';
import { fromGlobalId } from '../src/graphql/global-id';
import { addMonths, todayInVietnam } from '../src/common/dates';

const SCHOOL_FIELDS = `
  id name code level version hasPartyOrganization
  organization { id name kind }
  headcounts { schoolYear schoolYearLabel managers teachers staff students grade12Students }
`;
const CREATE_SCHOOL = `mutation ($input: CreateSchoolInput!) { createSchool(input: $input) { ${SCHOOL_FIELDS} } }`;
const UPDATE_SCHOOL = `mutation ($id: ID!, $input: UpdateSchoolInput!) { updateSchool(id: $id, input: $input) { ${SCHOOL_FIELDS} } }`;
const SCHOOLS = `query ($filter: SchoolFilter, $first: Int, $after: String) {
  schools(filter: $filter, first: $first, after: $after) { totalCount nodes { name level hasPartyOrganization } }
}`;

const MEMBER_FIELDS = `
  id fullName category status dateOfBirth gender admittedOn officialOn isSecretary isPrincipal nationalId version
  cell { id name }
`;
const CREATE_MEMBER = `mutation ($input: CreateMemberInput!) { createMember(input: $input) { ${MEMBER_FIELDS} } }`;
const UPDATE_MEMBER = `mutation ($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { ${MEMBER_FIELDS} } }`;
const MEMBERS = `query ($filter: MemberFilter, $first: Int, $after: String) {
  members(filter: $filter, first: $first, after: $after) { totalCount nodes { id fullName status category isSecretary } }
}`;

interface SchoolResult {
  id: string;
  name: string;
  code: string | null;
  level: string;
  version: number;
  hasPartyOrganization: boolean;
  organization: { id: string; name: string; kind: string } | null;
  headcounts: { schoolYear: number; schoolYearLabel: string; managers: number; teachers: number; staff: number; students: number; grade12Students: number }[];
}
interface SchoolsResult {
  schools: { totalCount: number; nodes: { name: string; level: string; hasPartyOrganization: boolean }[] };
}
interface MemberResult {
  id: string;
  fullName: string;
  category: string;
  status: string;
  dateOfBirth: string | null;
  gender: string | null;
  admittedOn: string | null;
  officialOn: string | null;
  isSecretary: boolean;
  isPrincipal: boolean;
  nationalId: string | null;
  version: number;
  cell: { id: string; name: string } | null;
}
interface MembersResult {
  members: { totalCount: number; nodes: { id: string; fullName: string; status: string; category: string; isSecretary: boolean }[] };
}

const localId = (globalId: string): number => {
  const decoded = fromGlobalId(globalId);
  if (!decoded) throw new Error(`not a global id: ${globalId}`);
  return decoded.id;
};

const headcount = (schoolYear: number, overrides: Record<string, number> = {}) => ({ schoolYear, managers: 3, teachers: 40, staff: 7, students: 600, ...overrides });

describe('schools and members', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  async function counts() {
    const ds = server.dataSource;
    return {
      organizations: await ds.getRepository(Organization).count(),
      schools: await ds.getRepository(School).count(),
      headcounts: await ds.getRepository(SchoolHeadcount).count(),
      members: await ds.getRepository(Member).count(),
      audit: await ds.getRepository(AuditLog).count(),
    };
  }

  /** Sends a write that must be refused with `code`, and checks that nothing was written. */
  /** The version a client reads before it updates a school or a member. */
  async function versionOf(id: string, token: string): Promise<number> {
    return ok(await server.gql<{ node: { version: number } }>('query ($id: ID!) { node(id: $id) { ... on School { version } ... on Member { version } } }', { id }, token)).node.version;
  }

  async function expectRefused(label: string, send: () => Promise<GraphQLResponse>, code: string) {
    const before = await counts();
    const response = await send();
    expect({ label, code: errorCode(response) }).toEqual({ label, code });
    expect(response.data ?? null).toBeNull();
    expect({ label, counts: await counts() }).toEqual({ label, counts: before });
    return response;
  }

  describe('schools', () => {
    it('creates a school without a party organization under a commune', async () => {
      const ds = server.dataSource;
      const world = await buildTenantWorld(ds, 'Trường Mới');
      const token = server.tokenFor(world.users.communeCommittee);
      const school = ok(
        await server.gql<{ createSchool: SchoolResult }>(
          CREATE_SCHOOL,
          {
            input: {
              organizationId: gid.org(world.commune),
              name: 'Trường Mầm non Hoa Sen',
              level: 'PRESCHOOL',
              code: 'MN-HOA-SEN',
              headcounts: [headcount(2024, { students: 250 }), headcount(2025, { students: 270 })],
            },
          },
          token,
        ),
      ).createSchool;
      expect(school).toMatchObject({
        name: 'Trường Mầm non Hoa Sen',
        code: 'MN-HOA-SEN',
        level: 'PRESCHOOL',
        hasPartyOrganization: false,
        organization: { id: gid.org(world.commune), name: world.commune.name, kind: 'COMMUNE_COMMITTEE' },
      });
      expect(school.headcounts).toEqual([
        { schoolYear: 2025, schoolYearLabel: '2025-2026', managers: 3, teachers: 40, staff: 7, students: 270, grade12Students: 0 },
        { schoolYear: 2024, schoolYearLabel: '2024-2025', managers: 3, teachers: 40, staff: 7, students: 250, grade12Students: 0 },
      ]);
      expect(await ds.getRepository(AuditLog).countBy({ action: 'school.create', subjectId: localId(school.id), userId: world.users.communeCommittee.id })).toBe(1);

      // A school for a cell that has none yet belongs to that cell.
      const bare = await buildOrganization(ds, world.commune, { name: 'Chi bộ Trường Chưa Có', kind: OrganizationKind.SCHOOL_CELL });
      const own = ok(await server.gql<{ createSchool: SchoolResult }>(CREATE_SCHOOL, { input: { organizationId: gid.org(bare), name: 'Trường Tiểu học Chưa Có', level: 'PRIMARY' } }, token))
        .createSchool;
      expect(own).toMatchObject({ hasPartyOrganization: true, organization: { name: 'Chi bộ Trường Chưa Có', kind: 'SCHOOL_CELL' }, headcounts: [] });
    });

    it('refuses a second school for a cell and other bad schools, writing nothing', async () => {
      const ds = server.dataSource;
      const world = await buildTenantWorld(ds, 'Trường Thừa');
      const other = await buildTenantWorld(ds, 'Trường Xa');
      const token = server.tokenFor(world.users.cityCommittee);
      const create = (input: Record<string, unknown>, as = token) => () => server.gql(CREATE_SCHOOL, { input }, as);
      const base = { organizationId: gid.org(world.commune), name: 'Trường Tiểu học Hỏng', level: 'PRIMARY' };

      await expectRefused('cell already has its school', create({ ...base, organizationId: gid.org(world.cells.cellA) }), 'BAD_USER_INPUT');
      await expectRefused('grade 12 above students', create({ ...base, headcounts: [headcount(2025, { students: 100, grade12Students: 101 })] }), 'BAD_USER_INPUT');
      await expectRefused('negative teachers', create({ ...base, headcounts: [headcount(2025, { teachers: -1 })] }), 'BAD_USER_INPUT');
      await expectRefused('negative grade 12', create({ ...base, headcounts: [headcount(2025, { grade12Students: -5 })] }), 'BAD_USER_INPUT');
      await expectRefused('school year twice', create({ ...base, headcounts: [headcount(2025), headcount(2025)] }), 'BAD_USER_INPUT');
      await expectRefused('school year out of range', create({ ...base, headcounts: [headcount(1800)] }), 'BAD_USER_INPUT');
      await expectRefused('name too short', create({ ...base, name: 'T' }), 'BAD_USER_INPUT');
      await expectRefused('organization id of a member', create({ ...base, organizationId: gid.member(world.members.mentorA) }), 'BAD_USER_INPUT');
      await expectRefused("another tenant's commune", create({ ...base, organizationId: gid.org(other.commune) }), 'NOT_FOUND');
      await expectRefused('a cell secretary creating a school', create({ ...base, organizationId: gid.org(world.cells.cellA) }, server.tokenFor(world.users.secretaryA)), 'FORBIDDEN');
      await expectRefused('a reporter creating a school', create(base, server.tokenFor(world.users.reporter)), 'FORBIDDEN');
    });

    it('gives a cell one school even when several are created at the same time', async () => {
      const ds = server.dataSource;
      const city = await buildOrganization(ds, null);
      const bare = await buildOrganization(ds, city, { kind: OrganizationKind.SCHOOL_CELL, name: 'Chi bộ Trường Đua' });
      const token = server.tokenFor(await buildUser(ds, Role.COMMITTEE, city));
      const responses = await Promise.all(
        Array.from({ length: 4 }, (_, i) => server.gql(CREATE_SCHOOL, { input: { organizationId: gid.org(bare), name: `Trường Tiểu học Đua ${i}`, level: 'PRIMARY' } }, token)),
      );
      const codes = responses.map((r) => errorCode(r) ?? 'OK');
      expect(await ds.getRepository(School).countBy({ organizationId: bare.id })).toBe(1);
      expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
      expect(codes.filter((c) => c !== 'OK' && c !== 'BAD_USER_INPUT' && c !== 'CONFLICT')).toEqual([]);
    });

    it('adds a new school year and replaces an existing one on update', async () => {
      const ds = server.dataSource;
      const world = await buildTenantWorld(ds, 'Sĩ Số');
      const token = server.tokenFor(world.users.secretaryA);
      const id = gid.school(world.schools.schoolA);
      // The factory gave school A one school year: 2025 with 40 teachers and 600 students.
      const start = ok(await server.gql<{ updateSchool: SchoolResult }>(UPDATE_SCHOOL, { id, input: { version: await versionOf(id, token) } }, token)).updateSchool;
      expect(start.headcounts).toEqual([{ schoolYear: 2025, schoolYearLabel: '2025-2026', managers: 3, teachers: 40, staff: 7, students: 600, grade12Students: 0 }]);

      const updated = ok(
        await server.gql<{ updateSchool: SchoolResult }>(
          UPDATE_SCHOOL,
          { id, input: { version: start.version, headcounts: [headcount(2026, { teachers: 44, students: 640 }), headcount(2025, { teachers: 42, students: 615, staff: 8 })] } },
          token,
        ),
      ).updateSchool;
      expect(updated.version).toBe(start.version + 1);
      expect(updated.headcounts).toEqual([
        { schoolYear: 2026, schoolYearLabel: '2026-2027', managers: 3, teachers: 44, staff: 7, students: 640, grade12Students: 0 },
        { schoolYear: 2025, schoolYearLabel: '2025-2026', managers: 3, teachers: 42, staff: 8, students: 615, grade12Students: 0 },
      ]);
      expect(await ds.getRepository(SchoolHeadcount).countBy({ schoolId: world.schools.schoolA.id })).toBe(2);
      const only2025 = ok(await server.gql<{ schools: { nodes: { headcounts: { teachers: number }[] }[] } }>(
        `query ($filter: SchoolFilter) { schools(filter: $filter) { nodes { headcounts(schoolYear: 2025) { teachers } } } }`,
        { filter: { under: gid.org(world.cells.cellA) } },
        token,
      ));
      expect(only2025.schools.nodes).toEqual([{ headcounts: [{ teachers: 42 }] }]);

      // A stale version is refused.
      await expectRefused('stale version', () => server.gql(UPDATE_SCHOOL, { id, input: { version: start.version, name: 'Trường Cũ Rích' } }, token), 'CONFLICT');
    });

    it('refuses impossible headcounts on update and keeps the old ones', async () => {
      const ds = server.dataSource;
      const world = await buildTenantWorld(ds, 'Sĩ Số Sai');
      const token = server.tokenFor(world.users.cityCommittee);
      const id = gid.school(world.schools.directSchool);
      const before = await ds.getRepository(SchoolHeadcount).find({ where: { schoolId: world.schools.directSchool.id }, order: { schoolYear: 'ASC' } });
      const update = (input: Record<string, unknown>) => () => server.gql(UPDATE_SCHOOL, { id, input: { version: world.schools.directSchool.version, ...input } }, token);

      await expectRefused('grade 12 above students', update({ headcounts: [headcount(2025, { students: 300, grade12Students: 301 })] }), 'BAD_USER_INPUT');
      await expectRefused('grade 12 above students in a second year', update({ headcounts: [headcount(2026), headcount(2025, { students: 10, grade12Students: 11 })] }), 'BAD_USER_INPUT');
      await expectRefused('negative students', update({ headcounts: [headcount(2025, { students: -1 })] }), 'BAD_USER_INPUT');
      await expectRefused('negative managers', update({ headcounts: [headcount(2026, { managers: -3 })] }), 'BAD_USER_INPUT');
      await expectRefused('school year twice', update({ headcounts: [headcount(2026), headcount(2026)] }), 'BAD_USER_INPUT');
      await expectRefused('name too short', update({ name: 'x' }), 'BAD_USER_INPUT');

      expect(await ds.getRepository(SchoolHeadcount).find({ where: { schoolId: world.schools.directSchool.id }, order: { schoolYear: 'ASC' } })).toEqual(before);
      const school = await ds.getRepository(School).findOneByOrFail({ id: world.schools.directSchool.id });
      expect(school.version).toBe(world.schools.directSchool.version);
    });

    it('filters schools by levels, by name ignoring diacritics, and by subtree', async () => {
      const ds = server.dataSource;
      const city = await buildOrganization(ds, null, { name: 'Thành ủy Lọc Trường' });
      const commune = await buildOrganization(ds, city, { name: 'Đảng ủy phường Lọc' });
      const otherCommune = await buildOrganization(ds, city, { name: 'Đảng ủy xã Lọc' });
      const cellUnderCity = await buildOrganization(ds, city, { kind: OrganizationKind.SCHOOL_CELL });
      const cellUnderCommune = await buildOrganization(ds, commune, { kind: OrganizationKind.SCHOOL_CELL });
      const cellUnderOther = await buildOrganization(ds, otherCommune, { kind: OrganizationKind.SCHOOL_CELL });
      await insertSchool(ds.manager, cellUnderCity, { name: 'Trường THPT Nguyễn Huệ', level: SchoolLevel.UPPER_SECONDARY });
      await insertSchool(ds.manager, cellUnderCommune, { name: 'Trường Tiểu học Bình Thành', level: SchoolLevel.PRIMARY });
      await insertSchool(ds.manager, commune, { name: 'Trường Mầm non Bình Minh', level: SchoolLevel.PRESCHOOL });
      await insertSchool(ds.manager, cellUnderOther, { name: 'Trường THCS Đống Đa', level: SchoolLevel.LOWER_SECONDARY });
      // Another tenant with look-alike names, never listed.
      const elsewhere = await buildOrganization(ds, null);
      await insertSchool(ds.manager, elsewhere, { name: 'Trường Tiểu học Bình Thành', level: SchoolLevel.PRIMARY });
      const token = server.tokenFor(await buildUser(ds, Role.COMMITTEE, city));

      const names = async (filter: Record<string, unknown>, as = token) => {
        const result = ok(await server.gql<SchoolsResult>(SCHOOLS, { filter }, as)).schools;
        expect(result.totalCount).toBe(result.nodes.length);
        return result.nodes.map((n) => n.name);
      };
      expect(await names({})).toEqual(['Trường Mầm non Bình Minh', 'Trường THCS Đống Đa', 'Trường THPT Nguyễn Huệ', 'Trường Tiểu học Bình Thành']);
      expect(await names({ levels: ['PRIMARY', 'PRESCHOOL'] })).toEqual(['Trường Mầm non Bình Minh', 'Trường Tiểu học Bình Thành']);
      expect(await names({ levels: ['HIGHER'] })).toEqual([]);
      expect(await names({ search: 'binh' })).toEqual(['Trường Mầm non Bình Minh', 'Trường Tiểu học Bình Thành']);
      expect(await names({ search: 'BÌNH THÀNH' })).toEqual(['Trường Tiểu học Bình Thành']);
      expect(await names({ search: 'dong da' })).toEqual(['Trường THCS Đống Đa']);
      expect(await names({ search: 'nguyen hue' })).toEqual(['Trường THPT Nguyễn Huệ']);
      expect(await names({ search: 'b%nh' })).toEqual([]); // a LIKE wildcard typed by the user is no wildcard
      expect(await names({ under: gid.org(commune) })).toEqual(['Trường Mầm non Bình Minh', 'Trường Tiểu học Bình Thành']);
      expect(await names({ under: gid.org(commune), levels: ['PRIMARY'] })).toEqual(['Trường Tiểu học Bình Thành']);
      expect(await names({ under: gid.org(otherCommune), search: 'binh' })).toEqual([]);
      expect(await names({ under: gid.org(cellUnderCity) })).toEqual(['Trường THPT Nguyễn Huệ']);
      const withOrg = ok(await server.gql<SchoolsResult>(SCHOOLS, { filter: { under: gid.org(commune) } }, token)).schools.nodes;
      expect(withOrg.map((n) => [n.name, n.hasPartyOrganization])).toEqual([
        ['Trường Mầm non Bình Minh', false],
        ['Trường Tiểu học Bình Thành', true],
      ]);
      // A commune committee sees only its own schools.
      const communeToken = server.tokenFor(await buildUser(ds, Role.COMMITTEE, commune));
      expect(await names({}, communeToken)).toEqual(['Trường Mầm non Bình Minh', 'Trường Tiểu học Bình Thành']);
      expect(errorCode(await server.gql(SCHOOLS, { filter: { under: gid.org(otherCommune) } }, communeToken))).toBe('NOT_FOUND');
      expect(errorCode(await server.gql(SCHOOLS, { filter: { under: gid.org(elsewhere) } }, token))).toBe('NOT_FOUND');
    });
  });

  describe('members', () => {
    it('creates a member in a cell with every field', async () => {
      const ds = server.dataSource;
      const world = await buildTenantWorld(ds, 'Đảng Viên');
      const token = server.tokenFor(world.users.secretaryA);
      const member = ok(
        await server.gql<{ createMember: MemberResult }>(
          CREATE_MEMBER,
          {
            input: {
              organizationId: gid.org(world.cells.cellA),
              fullName: '  Trần   Thị Mai ',
              category: 'TEACHER',
              status: 'OFFICIAL',
              dateOfBirth: '1985-04-12',
              gender: 'FEMALE',
              admittedOn: '2010-05-19',
              officialOn: '2011-05-19',
              isSecretary: false,
              isPrincipal: true,
              nationalId: '079185001234',
            },
          },
          token,
        ),
      ).createMember;
      expect(member).toEqual({
        id: expect.any(String),
        fullName: 'Trần Thị Mai',
        category: 'TEACHER',
        status: 'OFFICIAL',
        dateOfBirth: '1985-04-12',
        gender: 'FEMALE',
        admittedOn: '2010-05-19',
        officialOn: '2011-05-19',
        isSecretary: false,
        isPrincipal: true,
        nationalId: '079185001234',
        version: 1,
        cell: { id: gid.org(world.cells.cellA), name: world.cells.cellA.name },
      });
      const stored = await ds.getRepository(Member).findOneByOrFail({ id: localId(member.id) });
      expect(stored).toMatchObject({ organizationId: world.cells.cellA.id, tenantId: world.city.id, nationalId: '079185001234', admittedOn: '2010-05-19' });
      expect(await ds.getRepository(AuditLog).countBy({ action: 'member.create', subjectId: stored.id, userId: world.users.secretaryA.id })).toBe(1);

      // A mentor of the cell may read the member, but not the national id.
      const seen = ok(await server.gql<MembersResult & { members: { nodes: { nationalId?: string | null }[] } }>(
        `query ($filter: MemberFilter) { members(filter: $filter) { nodes { fullName nationalId } } }`,
        { filter: { search: 'tran thi mai' } },
        server.tokenFor(world.users.mentorA),
      ));
      expect(seen.members.nodes).toEqual([{ fullName: 'Trần Thị Mai', nationalId: null }]);

      // A probationary member without dates, and a 9-digit old ID card, are fine too.
      const probationary = ok(
        await server.gql<{ createMember: MemberResult }>(
          CREATE_MEMBER,
          { input: { organizationId: gid.org(world.cells.cellA), fullName: 'Lê Văn Dự', category: 'STAFF', status: 'PROBATIONARY', admittedOn: todayInVietnam(), nationalId: '123456789' } },
          token,
        ),
      ).createMember;
      expect(probationary).toMatchObject({ status: 'PROBATIONARY', admittedOn: todayInVietnam(), officialOn: null, nationalId: '123456789', isSecretary: false, isPrincipal: false });
    });

    it('refuses impossible members and writes nothing', async () => {
      const ds = server.dataSource;
      const world = await buildTenantWorld(ds, 'Sai Ngày');
      const token = server.tokenFor(world.users.cityCommittee);
      const future = addMonths(todayInVietnam(), 1);
      const base = { organizationId: gid.org(world.cells.cellA), fullName: 'Phạm Văn Lỗi', category: 'TEACHER', status: 'OFFICIAL', admittedOn: '2015-05-19', officialOn: '2016-05-19' };
      const create = (input: Record<string, unknown>) => () => server.gql(CREATE_MEMBER, { input: { ...base, ...input } }, token);

      await expectRefused('in a commune', create({ organizationId: gid.org(world.commune) }), 'BAD_USER_INPUT');
      await expectRefused('in the city', create({ organizationId: gid.org(world.city) }), 'BAD_USER_INPUT');
      await expectRefused('probationary with an official date', create({ status: 'PROBATIONARY' }), 'BAD_USER_INPUT');
      await expectRefused('official before admitted', create({ admittedOn: '2016-05-19', officialOn: '2015-05-19' }), 'BAD_USER_INPUT');
      await expectRefused('admitted before born', create({ dateOfBirth: '1990-01-01', admittedOn: '1989-05-19', officialOn: '1990-05-19' }), 'BAD_USER_INPUT');
      await expectRefused('admitted in the future', create({ admittedOn: future, officialOn: null, status: 'PROBATIONARY' }), 'BAD_USER_INPUT');
      await expectRefused('official in the future', create({ officialOn: future }), 'BAD_USER_INPUT');
      await expectRefused('born in the future', create({ dateOfBirth: future }), 'BAD_USER_INPUT');
      await expectRefused('February 30th', create({ admittedOn: '2023-02-30' }), 'BAD_USER_INPUT');
      await expectRefused('month 13', create({ dateOfBirth: '1990-13-01' }), 'BAD_USER_INPUT');
      await expectRefused('date with a time', create({ officialOn: '2016-05-19T00:00:00Z' }), 'BAD_USER_INPUT');
      await expectRefused('national id of 11 digits', create({ nationalId: '07918500123' }), 'BAD_USER_INPUT');
      await expectRefused('national id with letters', create({ nationalId: '07918500123A' }), 'BAD_USER_INPUT');
      await expectRefused('name too short', create({ fullName: 'A' }), 'BAD_USER_INPUT');
      await expectRefused('organization id of a school', create({ organizationId: gid.school(world.schools.schoolA) }), 'BAD_USER_INPUT');
      await expectRefused('malformed organization id', create({ organizationId: '!!!' }), 'BAD_USER_INPUT');

      const invalidDate = await server.gql(CREATE_MEMBER, { input: { ...base, admittedOn: '2023-02-30' } }, token);
      expect(invalidDate.errors?.[0].message).toContain('2023-02-30');
      const future2 = await server.gql(CREATE_MEMBER, { input: { ...base, officialOn: future } }, token);
      expect(future2.errors?.[0].extensions?.problems).toEqual([expect.objectContaining({ field: 'officialOn' })]);
    });

    it('keeps one secretary per cell: naming a new one relieves the previous', async () => {
      const ds = server.dataSource;
      const world = await buildTenantWorld(ds, 'Bí Thư');
      const token = server.tokenFor(world.users.cityCommittee);
      const cell = gid.org(world.cells.cellA);
      const secretaries = async (under: string) =>
        ok(await server.gql<MembersResult>(MEMBERS, { filter: { under, isSecretary: true } }, token)).members.nodes.map((n) => n.fullName);

      // A secretary of the neighbouring cell, who must stay one.
      await buildMember(ds, world.cells.cellB, { fullName: 'Võ Thị Bên Cạnh', isSecretary: true });
      const first = ok(await server.gql<{ createMember: MemberResult }>(CREATE_MEMBER, { input: { organizationId: cell, fullName: 'Nguyễn Văn Thứ Nhất', category: 'MANAGER', status: 'OFFICIAL', isSecretary: true } }, token)).createMember;
      expect(first.isSecretary).toBe(true);
      expect(await secretaries(cell)).toEqual(['Nguyễn Văn Thứ Nhất']);

      const second = ok(await server.gql<{ createMember: MemberResult }>(CREATE_MEMBER, { input: { organizationId: cell, fullName: 'Trần Thị Thứ Hai', category: 'TEACHER', status: 'OFFICIAL', isSecretary: true } }, token)).createMember;
      expect(second.isSecretary).toBe(true);
      const now = ok(await server.gql<MembersResult>(MEMBERS, { filter: { under: cell, isSecretary: true } }, token)).members;
      expect(now.totalCount).toBe(1);
      expect(now.nodes.map((n) => n.id)).toEqual([second.id]);
      expect(await secretaries(gid.org(world.cells.cellB))).toEqual(['Võ Thị Bên Cạnh']);
      const notSecretaries = ok(await server.gql<MembersResult>(MEMBERS, { filter: { under: cell, isSecretary: false } }, token)).members.nodes.map((n) => n.fullName);
      expect(notSecretaries).toContain('Nguyễn Văn Thứ Nhất');

      // Through updateMember as well.
      ok(await server.gql(UPDATE_MEMBER, { id: first.id, input: { isSecretary: true, version: await versionOf(first.id, token) } }, token));
      expect(await secretaries(cell)).toEqual(['Nguyễn Văn Thứ Nhất']);
      expect(await secretaries(gid.org(world.cells.cellB))).toEqual(['Võ Thị Bên Cạnh']);
    });

    it('keeps one secretary per cell when several are named at the same time', async () => {
      const ds = server.dataSource;
      const world = await buildTenantWorld(ds, 'Bí Thư Cùng Lúc');
      const token = server.tokenFor(world.users.cityCommittee);
      const cell = gid.org(world.cells.cellA);
      const responses = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          server.gql(CREATE_MEMBER, { input: { organizationId: cell, fullName: `Nguyễn Văn Cùng Lúc ${i}`, category: 'TEACHER', status: 'OFFICIAL', isSecretary: true } }, token),
        ),
      );
      const codes = responses.map((r) => errorCode(r) ?? 'OK');
      const secretaries = ok(await server.gql<MembersResult>(MEMBERS, { filter: { under: cell, isSecretary: true } }, token)).members;
      expect(secretaries.totalCount).toBe(1);
      expect(codes.filter((c) => c !== 'OK' && c !== 'CONFLICT')).toEqual([]);
    });

    it('updates a member with the current version and refuses a stale one with CONFLICT', async () => {
      const ds = server.dataSource;
      const world = await buildTenantWorld(ds, 'Phiên Bản');
      const token = server.tokenFor(world.users.secretaryA);
      const member = await buildMember(ds, world.cells.cellA, { fullName: 'Đặng Văn Cũ', status: MemberStatus.PROBATIONARY, admittedOn: '2024-06-01', officialOn: null });
      const id = gid.member(member);

      const updated = ok(await server.gql<{ updateMember: MemberResult }>(UPDATE_MEMBER, { id, input: { version: member.version, status: 'OFFICIAL', officialOn: '2025-06-01', fullName: 'Đặng Văn Mới' } }, token)).updateMember;
      expect(updated).toMatchObject({ fullName: 'Đặng Văn Mới', status: 'OFFICIAL', admittedOn: '2024-06-01', officialOn: '2025-06-01', version: member.version + 1 });
      expect(ok(await server.gql<MembersResult>(MEMBERS, { filter: { search: 'dang van moi' } }, token)).members.nodes.map((n) => n.fullName)).toEqual(['Đặng Văn Mới']);

      await expectRefused('stale version', () => server.gql(UPDATE_MEMBER, { id, input: { version: member.version, fullName: 'Đặng Văn Muộn' } }, token), 'CONFLICT');
      const version = updated.version;
      await expectRefused('official before admitted', () => server.gql(UPDATE_MEMBER, { id, input: { version, officialOn: '2024-01-01' } }, token), 'BAD_USER_INPUT');
      await expectRefused('back to probationary with an official date', () => server.gql(UPDATE_MEMBER, { id, input: { version, status: 'PROBATIONARY' } }, token), 'BAD_USER_INPUT');
      await expectRefused('national id of 11 digits', () => server.gql(UPDATE_MEMBER, { id, input: { version, nationalId: '12345678901' } }, token), 'BAD_USER_INPUT');
      await expectRefused('an invalid date', () => server.gql(UPDATE_MEMBER, { id, input: { version, dateOfBirth: '2001-02-29' } }, token), 'BAD_USER_INPUT');
      const stored = await ds.getRepository(Member).findOneByOrFail({ id: member.id });
      expect(stored).toMatchObject({ fullName: 'Đặng Văn Mới', status: 'OFFICIAL', officialOn: '2025-06-01', version: member.version + 1, nationalId: null, dateOfBirth: null });
    });

    it('filters members by statuses, categories and name', async () => {
      const ds = server.dataSource;
      const city = await buildOrganization(ds, null, { name: 'Thành ủy Lọc Đảng Viên' });
      const commune = await buildOrganization(ds, city);
      const { cell } = await buildCell(ds, commune);
      const { cell: otherCell } = await buildCell(ds, commune);
      await buildMember(ds, cell, { fullName: 'Nguyễn Văn Hùng', category: PersonCategory.TEACHER });
      await buildMember(ds, cell, { fullName: 'Lê Thị Hương', category: PersonCategory.TEACHER, status: MemberStatus.PROBATIONARY, admittedOn: '2025-01-10', officialOn: null });
      await buildMember(ds, cell, { fullName: 'Phạm Đức Anh', category: PersonCategory.MANAGER });
      await buildMember(ds, cell, { fullName: 'Trần Thị Hường', category: PersonCategory.STAFF });
      await buildMember(ds, otherCell, { fullName: 'Đỗ Thị Hương', category: PersonCategory.STAFF, status: MemberStatus.PROBATIONARY, admittedOn: '2025-03-03', officialOn: null });
      const token = server.tokenFor(await buildUser(ds, Role.COMMITTEE, city));
      const names = async (filter: Record<string, unknown>) => {
        const result = ok(await server.gql<MembersResult>(MEMBERS, { filter }, token)).members;
        expect(result.totalCount).toBe(result.nodes.length);
        return result.nodes.map((n) => n.fullName);
      };
      const under = gid.org(cell);

      expect(await names({ under })).toEqual(['Lê Thị Hương', 'Nguyễn Văn Hùng', 'Phạm Đức Anh', 'Trần Thị Hường']);
      expect(await names({ under, statuses: ['PROBATIONARY'] })).toEqual(['Lê Thị Hương']);
      expect(await names({ statuses: ['PROBATIONARY'] })).toEqual(['Đỗ Thị Hương', 'Lê Thị Hương']);
      expect(await names({ under, statuses: ['OFFICIAL', 'PROBATIONARY'] })).toHaveLength(4);
      expect(await names({ under, categories: ['MANAGER', 'STAFF'] })).toEqual(['Phạm Đức Anh', 'Trần Thị Hường']);
      expect(await names({ categories: ['STAFF'] })).toEqual(['Đỗ Thị Hương', 'Trần Thị Hường']);
      expect(await names({ under, search: 'huong' })).toEqual(['Lê Thị Hương', 'Trần Thị Hường']);
      expect(await names({ under, search: 'HƯỜNG' })).toEqual(['Lê Thị Hương', 'Trần Thị Hường']);
      expect(await names({ under, search: 'duc anh' })).toEqual(['Phạm Đức Anh']);
      expect(await names({ under, search: 'huong', statuses: ['OFFICIAL'] })).toEqual(['Trần Thị Hường']);
      expect(await names({ search: 'huong', categories: ['STAFF'], statuses: ['PROBATIONARY'] })).toEqual(['Đỗ Thị Hương']);
      expect(await names({ under, search: 'không có ai' })).toEqual([]);
      expect(errorCode(await server.gql(MEMBERS, { filter: { statuses: ['OFFICIAL', 'PROBATIONARY', 'OFFICIAL'] } }, token))).toBe('BAD_USER_INPUT');
    });

    it('lets a cell secretary create members only in their own cell, and a mentor none', async () => {
      const ds = server.dataSource;
      const world = await buildTenantWorld(ds, 'Quyền Hạn');
      const other = await buildTenantWorld(ds, 'Ngoài Quyền');
      const secretary = server.tokenFor(world.users.secretaryA);
      const mentor = server.tokenFor(world.users.mentorA);
      const input = (cell: Organization) => ({ input: { organizationId: gid.org(cell), fullName: 'Hoàng Văn Quyền', category: 'TEACHER', status: 'OFFICIAL', admittedOn: '2018-05-19', officialOn: '2019-05-19' } });

      const own = ok(await server.gql<{ createMember: MemberResult }>(CREATE_MEMBER, input(world.cells.cellA), secretary)).createMember;
      expect(own.cell).toEqual({ id: gid.org(world.cells.cellA), name: world.cells.cellA.name });

      await expectRefused('secretary in another cell of the commune', () => server.gql(CREATE_MEMBER, input(world.cells.cellB), secretary), 'NOT_FOUND');
      await expectRefused('secretary in a cell of another commune', () => server.gql(CREATE_MEMBER, input(world.cells.otherCell), secretary), 'NOT_FOUND');
      await expectRefused('secretary in another tenant', () => server.gql(CREATE_MEMBER, input(other.cells.cellA), secretary), 'NOT_FOUND');
      await expectRefused('secretary in their commune', () => server.gql(CREATE_MEMBER, input(world.commune), secretary), 'FORBIDDEN');
      await expectRefused('mentor in their own cell', () => server.gql(CREATE_MEMBER, input(world.cells.cellA), mentor), 'FORBIDDEN');
      await expectRefused('reporter', () => server.gql(CREATE_MEMBER, input(world.cells.cellA), server.tokenFor(world.users.reporter)), 'FORBIDDEN');
      await expectRefused('mentor updating a member', () => server.gql(UPDATE_MEMBER, { id: own.id, input: { fullName: 'Hoàng Văn Sửa', version: own.version } }, mentor), 'FORBIDDEN');
      await expectRefused('secretary updating a member of another cell', () => server.gql(UPDATE_MEMBER, { id: gid.member(world.members.memberB), input: { fullName: 'Hoàng Văn Sửa', version: world.members.memberB.version } }, secretary), 'NOT_FOUND');
      await expectRefused('no token', () => server.gql(CREATE_MEMBER, input(world.cells.cellA)), 'UNAUTHENTICATED');
    });
  });
});
