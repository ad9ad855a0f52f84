import { Like, Not } from 'typeorm';
import { startTestServer, ok, errorCode, type TestServer, type GraphQLResponse } from './support/server';
import { buildCell, buildOrganization, buildTenantWorld, buildUser, gid, reloadOrganization } from './factories';
import { OrganizationKind, Role } from '../src/domain/enums';
import { Organization, OrganizationMove } from '../src/modules/organization/organization.entity';
import { School, SchoolHeadcount } from '../src/modules/school/school.entity';
import { AuditLog } from '../src/modules/audit/audit.entity';
import { fromGlobalId, toGlobalId } from '../src/graphql/global-id';
import { addMonths, todayInVietnam } from '../src/common/dates';

const ORG_FIELDS = `
  id name kind code depth version mayDecideAdmission needsCommitteeResolution
  parent { id name }
  ancestors { id name }
  school { name level hasPartyOrganization headcounts { schoolYear schoolYearLabel managers teachers staff students grade12Students } }
`;
const CREATE = `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { ${ORG_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id name version } }`;
const MOVE = `mutation ($input: MoveOrganizationInput!) {
  moveOrganization(input: $input) {
    id name depth parent { name } ancestors { name }
    moves { fromParent { name } toParent { name } movedOn reason }
  }
}`;
const ORG = `query ($id: ID!) { organization(id: $id) { id name depth version parent { name } ancestors { name } needsCommitteeResolution } }`;
const ORGS = `query ($filter: OrganizationFilter, $first: Int, $after: String) {
  organizations(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name } }
  }
}`;
const CANDIDATE_COUNT = `query ($filter: CandidateFilter) { candidates(filter: $filter) { totalCount nodes { fullName } } }`;
const MEMBER_COUNT = `query ($filter: MemberFilter) { members(filter: $filter) { totalCount } }`;
const HISTORY = `query ($id: ID!) { candidate(id: $id) { fullName stage history { fromStage toStage occurredOn cell { name } } } }`;

interface OrgResult {
  id: string;
  name: string;
  kind: string;
  code: string | null;
  depth: number;
  version: number;
  mayDecideAdmission: boolean;
  needsCommitteeResolution: boolean;
  parent: { id: string; name: string } | null;
  ancestors: { id: string; name: string }[];
  school: {
    name: string;
    level: string;
    hasPartyOrganization: boolean;
    headcounts: { schoolYear: number; schoolYearLabel: string; managers: number; teachers: number; staff: number; students: number; grade12Students: number }[];
  } | null;
}

interface MoveResult {
  moveOrganization: {
    id: string;
    name: string;
    depth: number;
    parent: { name: string } | null;
    ancestors: { name: string }[];
    moves: { fromParent: { name: string } | null; toParent: { name: string } | null; movedOn: string; reason: string | null }[];
  };
}

interface OrgsResult {
  organizations: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    edges: { cursor: string; node: { id: string; name: string } }[];
  };
}

const localId = (globalId: string): number => {
  const decoded = fromGlobalId(globalId);
  if (!decoded) throw new Error(`not a global id: ${globalId}`);
  return decoded.id;
};

describe('organizations', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  /**
   * Row counts of everything a failed organization write could leave behind. A code held by
   * another record is recorded for the committee above (conflict.code, audit/clash.ts) after the
   * refused write is rolled back: that entry is not part of the write.
   */
  async function tableCounts() {
    const ds = server.dataSource;
    return {
      organizations: await ds.getRepository(Organization).count(),
      schools: await ds.getRepository(School).count(),
      headcounts: await ds.getRepository(SchoolHeadcount).count(),
      moves: await ds.getRepository(OrganizationMove).count(),
      audit: await ds.getRepository(AuditLog).count({ where: { action: Not(Like('conflict.%')) } }),
    };
  }

  /** Paths, parents and depths of the given organizations, read straight from the database. */
  async function treeState(orgs: Organization[]) {
    const rows = await server.dataSource.getRepository(Organization).find({ order: { id: 'ASC' } });
    const ids = new Set(orgs.map((o) => o.id));
    return rows.filter((row) => ids.has(row.id)).map((row) => ({ id: row.id, path: row.path, parentId: row.parentId, depth: row.depth, name: row.name }));
  }

  async function expectRefused(response: GraphQLResponse, code: string) {
    expect(response.errors).toHaveLength(1);
    expect(errorCode(response)).toBe(code);
    expect(response.data).toBeNull();
  }

  describe('createOrganization', () => {
    it('lets a city committee create a commune and, under it, a cell with its school', async () => {
      const ds = server.dataSource;
      const city = await buildOrganization(ds, null, { name: 'Thành ủy Tạo Mới' });
      const user = await buildUser(ds, Role.COMMITTEE, city);
      const token = server.tokenFor(user);

      const commune = ok(
        await server.gql<{ createOrganization: OrgResult }>(
          CREATE,
          { input: { parentId: gid.org(city), name: 'Đảng ủy phường Tân Định', kind: 'COMMUNE_COMMITTEE', code: 'PTD-01' } },
          token,
        ),
      ).createOrganization;
      expect(commune).toMatchObject({
        name: 'Đảng ủy phường Tân Định',
        kind: 'COMMUNE_COMMITTEE',
        code: 'PTD-01',
        depth: 1,
        mayDecideAdmission: false,
        needsCommitteeResolution: false,
        parent: { id: gid.org(city), name: 'Thành ủy Tạo Mới' },
        ancestors: [{ id: gid.org(city), name: 'Thành ủy Tạo Mới' }],
        school: null,
      });

      const cell = ok(
        await server.gql<{ createOrganization: OrgResult }>(
          CREATE,
          {
            input: {
              parentId: commune.id,
              name: 'Chi bộ Trường THCS Tân Định',
              kind: 'SCHOOL_CELL',
              code: 'CB-THCS-TD',
              school: {
                name: 'Trường THCS Tân Định',
                level: 'LOWER_SECONDARY',
                headcounts: [
                  { schoolYear: 2024, managers: 3, teachers: 38, staff: 6, students: 580 },
                  { schoolYear: 2025, managers: 3, teachers: 41, staff: 7, students: 612 },
                ],
              },
            },
          },
          token,
        ),
      ).createOrganization;
      expect(cell).toMatchObject({
        name: 'Chi bộ Trường THCS Tân Định',
        kind: 'SCHOOL_CELL',
        code: 'CB-THCS-TD',
        depth: 2,
        mayDecideAdmission: false,
        needsCommitteeResolution: true,
        parent: { id: commune.id, name: 'Đảng ủy phường Tân Định' },
      });
      // Root first, down to the parent.
      expect(cell.ancestors.map((a) => a.name)).toEqual(['Thành ủy Tạo Mới', 'Đảng ủy phường Tân Định']);
      expect(cell.school).toEqual({
        name: 'Trường THCS Tân Định',
        level: 'LOWER_SECONDARY',
        hasPartyOrganization: true,
        headcounts: [
          { schoolYear: 2025, schoolYearLabel: '2025-2026', managers: 3, teachers: 41, staff: 7, students: 612, grade12Students: 0 },
          { schoolYear: 2024, schoolYearLabel: '2024-2025', managers: 3, teachers: 38, staff: 6, students: 580, grade12Students: 0 },
        ],
      });

      // Read back: the same cell, the same tree position.
      const read = ok(await server.gql<{ organization: OrgResult }>(ORG, { id: cell.id }, token)).organization;
      expect(read).toMatchObject({ name: cell.name, depth: 2, parent: { name: 'Đảng ủy phường Tân Định' }, needsCommitteeResolution: true });
      const stored = await reloadOrganization(ds, localId(cell.id));
      expect(stored.path).toBe(`/${city.id}/${localId(commune.id)}/${stored.id}/`);
      expect(stored.tenantId).toBe(city.id);

      // Each write left an audit row, with the user and the tenant.
      const audit = ds.getRepository(AuditLog);
      const communeAudit = await audit.findBy({ action: 'organization.create', subjectType: 'Organization', subjectId: localId(commune.id) });
      expect(communeAudit).toHaveLength(1);
      expect(communeAudit[0]).toMatchObject({ userId: user.id, tenantId: city.id });
      expect(JSON.parse(communeAudit[0].changes ?? '{}')).toMatchObject({ name: 'Đảng ủy phường Tân Định', kind: 'COMMUNE_COMMITTEE', code: 'PTD-01' });
      const cellAudit = await audit.findBy({ action: 'organization.create', subjectType: 'Organization', subjectId: localId(cell.id) });
      expect(cellAudit).toHaveLength(1);
      expect(cellAudit[0]).toMatchObject({ userId: user.id, tenantId: city.id });
      const school = await ds.getRepository(School).findOneByOrFail({ organizationId: localId(cell.id) });
      expect(await audit.countBy({ action: 'school.create', subjectType: 'School', subjectId: school.id })).toBe(1);
    });

    it('says a cell directly under the city needs no committee resolution', async () => {
      const ds = server.dataSource;
      const city = await buildOrganization(ds, null, { name: 'Thành ủy Trực Thuộc' });
      const token = server.tokenFor(await buildUser(ds, Role.COMMITTEE, city));
      const cell = ok(
        await server.gql<{ createOrganization: OrgResult }>(
          CREATE,
          { input: { parentId: gid.org(city), name: 'Chi bộ Trường THPT Trực Thuộc', kind: 'SCHOOL_CELL', school: { name: 'Trường THPT Trực Thuộc', level: 'UPPER_SECONDARY' } } },
          token,
        ),
      ).createOrganization;
      expect(cell).toMatchObject({ depth: 1, needsCommitteeResolution: false, parent: { name: 'Thành ủy Trực Thuộc' }, ancestors: [{ name: 'Thành ủy Trực Thuộc' }] });
      expect(cell.school).toEqual({ name: 'Trường THPT Trực Thuộc', level: 'UPPER_SECONDARY', hasPartyOrganization: true, headcounts: [] });
    });

    it('refuses bad input with BAD_USER_INPUT, FORBIDDEN or NOT_FOUND and writes nothing', async () => {
      const ds = server.dataSource;
      const world = await buildTenantWorld(ds, 'Sai Sót');
      const other = await buildTenantWorld(ds, 'Nơi Khác');
      const token = server.tokenFor(world.users.cityCommittee);
      const communeToken = server.tokenFor(world.users.communeCommittee);
      const cellA = gid.org(world.cells.cellA);

      const cases: { label: string; input: Record<string, unknown>; code: string; as?: string }[] = [
        { label: 'commune under a cell', input: { parentId: cellA, name: 'Đảng ủy xã Lạc Chỗ', kind: 'COMMUNE_COMMITTEE' }, code: 'BAD_USER_INPUT' },
        { label: 'cell under a cell', input: { parentId: cellA, name: 'Chi bộ Lạc Chỗ', kind: 'SCHOOL_CELL' }, code: 'BAD_USER_INPUT' },
        { label: 'school committee under a cell', input: { parentId: cellA, name: 'Đảng bộ Trường Lạc Chỗ', kind: 'SCHOOL_COMMITTEE' }, code: 'BAD_USER_INPUT' },
        { label: 'city committee under a cell', input: { parentId: cellA, name: 'Huyện ủy Lạc Chỗ', kind: 'CITY_COMMITTEE' }, code: 'BAD_USER_INPUT' },
        { label: 'city committee under a commune', input: { parentId: gid.org(world.commune), name: 'Huyện ủy Lạc Chỗ', kind: 'CITY_COMMITTEE' }, code: 'BAD_USER_INPUT' },
        { label: 'commune under a commune', input: { parentId: gid.org(world.commune), name: 'Đảng ủy xã Lạc Chỗ', kind: 'COMMUNE_COMMITTEE' }, code: 'BAD_USER_INPUT' },
        { label: 'duplicate code in the tenant', input: { parentId: gid.org(world.city), name: 'Đảng ủy xã Trùng Mã', kind: 'COMMUNE_COMMITTEE', code: world.commune.code }, code: 'BAD_USER_INPUT' },
        { label: 'duplicate code of a cell', input: { parentId: gid.org(world.commune), name: 'Chi bộ Trùng Mã', kind: 'SCHOOL_CELL', code: world.cells.cellB.code }, code: 'BAD_USER_INPUT' },
        { label: 'code with diacritics', input: { parentId: gid.org(world.city), name: 'Đảng ủy xã Mã Lạ', kind: 'COMMUNE_COMMITTEE', code: 'MÃ-01' }, code: 'BAD_USER_INPUT' },
        { label: 'malformed parent id', input: { parentId: 'not a global id!', name: 'Đảng ủy xã Mồ Côi', kind: 'COMMUNE_COMMITTEE' }, code: 'BAD_USER_INPUT' },
        { label: 'parent id of a member', input: { parentId: gid.member(world.members.mentorA), name: 'Đảng ủy xã Mồ Côi', kind: 'COMMUNE_COMMITTEE' }, code: 'BAD_USER_INPUT' },
        { label: 'parent id of a school', input: { parentId: gid.school(world.schools.schoolA), name: 'Đảng ủy xã Mồ Côi', kind: 'COMMUNE_COMMITTEE' }, code: 'BAD_USER_INPUT' },
        { label: 'parent that does not exist', input: { parentId: toGlobalId('Organization', 987654321), name: 'Đảng ủy xã Mồ Côi', kind: 'COMMUNE_COMMITTEE' }, code: 'NOT_FOUND' },
        { label: "parent in another tenant", input: { parentId: gid.org(other.city), name: 'Đảng ủy xã Lấn Sân', kind: 'COMMUNE_COMMITTEE' }, code: 'NOT_FOUND' },
        { label: 'name too short', input: { parentId: gid.org(world.city), name: 'A', kind: 'COMMUNE_COMMITTEE' }, code: 'BAD_USER_INPUT' },
        {
          label: 'school on a commune committee',
          input: { parentId: gid.org(world.city), name: 'Đảng ủy xã Có Trường', kind: 'COMMUNE_COMMITTEE', school: { name: 'Trường Tiểu học Có Trường', level: 'PRIMARY' } },
          code: 'BAD_USER_INPUT',
        },
        { label: 'no parent as a committee', input: { name: 'Thành ủy Tự Lập', kind: 'CITY_COMMITTEE' }, code: 'FORBIDDEN' },
        { label: 'commune committee creating beside itself', input: { parentId: gid.org(world.city), name: 'Đảng ủy xã Vượt Quyền', kind: 'COMMUNE_COMMITTEE' }, code: 'FORBIDDEN', as: communeToken },
        {
          label: 'school with a school year given twice',
          input: {
            parentId: gid.org(world.commune),
            name: 'Chi bộ Trường Nửa Vời',
            kind: 'SCHOOL_CELL',
            code: 'CB-NUA-VOI',
            school: {
              name: 'Trường Tiểu học Nửa Vời',
              level: 'PRIMARY',
              headcounts: [
                { schoolYear: 2025, managers: 2, teachers: 30, staff: 5, students: 500 },
                { schoolYear: 2025, managers: 2, teachers: 31, staff: 5, students: 510 },
              ],
            },
          },
          code: 'BAD_USER_INPUT',
        },
        {
          label: 'school with more grade-12 students than students',
          input: {
            parentId: gid.org(world.commune),
            name: 'Chi bộ Trường Nửa Vời',
            kind: 'SCHOOL_CELL',
            school: { name: 'Trường THPT Nửa Vời', level: 'UPPER_SECONDARY', headcounts: [{ schoolYear: 2025, managers: 2, teachers: 30, staff: 5, students: 100, grade12Students: 101 }] },
          },
          code: 'BAD_USER_INPUT',
        },
        {
          label: 'school with negative counts',
          input: {
            parentId: gid.org(world.commune),
            name: 'Chi bộ Trường Nửa Vời',
            kind: 'SCHOOL_CELL',
            school: { name: 'Trường THCS Nửa Vời', level: 'LOWER_SECONDARY', headcounts: [{ schoolYear: 2025, managers: -1, teachers: 30, staff: 5, students: 100 }] },
          },
          code: 'BAD_USER_INPUT',
        },
        {
          label: 'school with a name too short',
          input: { parentId: gid.org(world.commune), name: 'Chi bộ Trường Nửa Vời', kind: 'SCHOOL_CELL', school: { name: 'T', level: 'PRIMARY' } },
          code: 'BAD_USER_INPUT',
        },
        {
          label: 'school with a code already taken by another school',
          input: { parentId: gid.org(world.commune), name: 'Chi bộ Trường Nửa Vời', kind: 'SCHOOL_CELL', school: { name: 'Trường Nửa Vời', level: 'PRIMARY', code: 'TRUONG-01' } },
          code: 'BAD_USER_INPUT',
        },
      ];
      // A school code the last case collides with.
      await server.dataSource.getRepository(School).update({ id: world.schools.schoolB.id }, { code: 'TRUONG-01' });

      for (const { label, input, code, as } of cases) {
        const before = await tableCounts();
        const response = await server.gql(CREATE, { input }, as ?? token);
        expect({ label, code: errorCode(response) }).toEqual({ label, code });
        expect(response.data ?? null).toBeNull(); // undefined when the variables themselves are refused
        expect({ label, counts: await tableCounts() }).toEqual({ label, counts: before });
      }
      // No half-written cell stayed behind when its school was refused.
      expect(await ds.getRepository(Organization).countBy({ name: 'Chi bộ Trường Nửa Vời' })).toBe(0);
      expect(await ds.getRepository(Organization).countBy({ code: 'CB-NUA-VOI' })).toBe(0);
      expect(await ds.getRepository(School).countBy({ tenantId: world.city.id, name: 'Trường Tiểu học Nửa Vời' })).toBe(0);
    });

    it('reports which field is wrong', async () => {
      const ds = server.dataSource;
      const city = await buildOrganization(ds, null);
      const token = server.tokenFor(await buildUser(ds, Role.COMMITTEE, city));
      const taken = await buildOrganization(ds, city, { code: 'MA-TRUNG' });
      const response = await server.gql(CREATE, { input: { parentId: gid.org(city), name: 'Đảng ủy xã Trùng', kind: 'COMMUNE_COMMITTEE', code: taken.code } }, token);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].extensions?.problems).toEqual([expect.objectContaining({ field: 'code' })]);
      const wrongKind = await server.gql(CREATE, { input: { parentId: gid.org(city), name: 'A', kind: 'COMMUNE_COMMITTEE' } }, token);
      expect(errorCode(wrongKind)).toBe('BAD_USER_INPUT');
      expect(wrongKind.errors?.[0].extensions?.problems).toEqual([expect.objectContaining({ field: 'name' })]);
    });

    it('allows the same code in another tenant', async () => {
      const ds = server.dataSource;
      const cityA = await buildOrganization(ds, null, { name: 'Thành ủy Mã A' });
      const cityB = await buildOrganization(ds, null, { name: 'Thành ủy Mã B' });
      const tokenA = server.tokenFor(await buildUser(ds, Role.COMMITTEE, cityA));
      const tokenB = server.tokenFor(await buildUser(ds, Role.COMMITTEE, cityB));
      const first = ok(await server.gql<{ createOrganization: OrgResult }>(CREATE, { input: { parentId: gid.org(cityA), name: 'Đảng ủy phường Một', kind: 'COMMUNE_COMMITTEE', code: 'PHUONG-1' } }, tokenA));
      const second = ok(await server.gql<{ createOrganization: OrgResult }>(CREATE, { input: { parentId: gid.org(cityB), name: 'Đảng ủy phường Một', kind: 'COMMUNE_COMMITTEE', code: 'PHUONG-1' } }, tokenB));
      expect(first.createOrganization.code).toBe('PHUONG-1');
      expect(second.createOrganization.code).toBe('PHUONG-1');
      expect(second.createOrganization.id).not.toBe(first.createOrganization.id);
      // ...but still not twice in the same one.
      const again = await server.gql(CREATE, { input: { parentId: gid.org(cityB), name: 'Đảng ủy phường Hai', kind: 'COMMUNE_COMMITTEE', code: 'PHUONG-1' } }, tokenB);
      expect(errorCode(again)).toBe('BAD_USER_INPUT');
    });
  });

  describe('updateOrganization', () => {
    it('renames an organization, and the name search ignores diacritics and case', async () => {
      const ds = server.dataSource;
      const city = await buildOrganization(ds, null, { name: 'Thành ủy Đổi Tên' });
      const commune = await buildOrganization(ds, city);
      const { cell } = await buildCell(ds, commune, { name: 'Chi bộ Trường Cũ' });
      const user = await buildUser(ds, Role.COMMITTEE, city);
      const token = server.tokenFor(user);
      const { version } = ok(await server.gql<{ organization: OrgResult }>(ORG, { id: gid.org(cell) }, token)).organization;

      const renamed = ok(
        await server.gql<{ updateOrganization: { id: string; name: string; version: number } }>(UPDATE, { id: gid.org(cell), input: { name: '  Chi bộ   Trường THCS Bình Thành ', version } }, token),
      ).updateOrganization;
      expect(renamed).toEqual({ id: gid.org(cell), name: 'Chi bộ Trường THCS Bình Thành', version: version + 1 });

      for (const search of ['binh thanh', 'BÌNH THÀNH', 'Bình Thành', 'thcs binh']) {
        const found = ok(await server.gql<OrgsResult>(ORGS, { filter: { search } }, token)).organizations;
        expect({ search, names: found.edges.map((e) => e.node.name) }).toEqual({ search, names: ['Chi bộ Trường THCS Bình Thành'] });
      }
      expect(ok(await server.gql<OrgsResult>(ORGS, { filter: { search: 'truong cu' } }, token)).organizations.totalCount).toBe(0);

      const audit = await ds.getRepository(AuditLog).findBy({ action: 'organization.update', subjectId: cell.id });
      expect(audit).toHaveLength(1);
      expect(audit[0].userId).toBe(user.id);
      expect(JSON.parse(audit[0].changes ?? '{}')).toEqual({ name: ['Chi bộ Trường Cũ', 'Chi bộ Trường THCS Bình Thành'] });
    });

    it('refuses a stale version with CONFLICT and keeps the newer name', async () => {
      const ds = server.dataSource;
      const city = await buildOrganization(ds, null);
      const commune = await buildOrganization(ds, city, { name: 'Đảng ủy phường Xung Đột' });
      const token = server.tokenFor(await buildUser(ds, Role.COMMITTEE, city));
      const { version } = ok(await server.gql<{ organization: OrgResult }>(ORG, { id: gid.org(commune) }, token)).organization;
      ok(await server.gql(UPDATE, { id: gid.org(commune), input: { name: 'Đảng ủy phường Thắng Trước', version } }, token));

      const before = await tableCounts();
      const stale = await server.gql(UPDATE, { id: gid.org(commune), input: { name: 'Đảng ủy phường Đến Sau', version } }, token);
      await expectRefused(stale, 'CONFLICT');
      expect(await tableCounts()).toEqual(before);
      expect((await reloadOrganization(ds, commune.id)).name).toBe('Đảng ủy phường Thắng Trước');
    });
  });

  describe('moveOrganization', () => {
    it('moves a cell with its members and candidates to another commune of the tenant', async () => {
      const ds = server.dataSource;
      const world = await buildTenantWorld(ds, 'Chuyển Đi');
      const cityToken = server.tokenFor(world.users.cityCommittee);
      const fromToken = server.tokenFor(world.users.communeCommittee);
      const toToken = server.tokenFor(await buildUser(ds, Role.COMMITTEE, world.otherCommune));
      const cellId = gid.org(world.cells.cellA);
      const candidateId = gid.candidate(world.candidates.candidateA1);

      const count = async (token: string) => ok(await server.gql<{ candidates: { totalCount: number } }>(CANDIDATE_COUNT, {}, token)).candidates.totalCount;
      const members = async (token: string) => ok(await server.gql<{ members: { totalCount: number } }>(MEMBER_COUNT, {}, token)).members.totalCount;
      expect(await count(fromToken)).toBe(3); // A1, A2 in cell A, B in cell B
      expect(await count(toToken)).toBe(1); // the other commune's own candidate
      expect(await members(fromToken)).toBe(3);
      expect(await members(toToken)).toBe(1);
      const historyBefore = ok(await server.gql(HISTORY, { id: candidateId }, cityToken));

      const moved = ok(
        await server.gql<MoveResult>(MOVE, { input: { id: cellId, newParentId: gid.org(world.otherCommune), movedOn: '2025-09-01', reason: 'Sắp xếp lại địa giới hành chính' } }, cityToken),
      ).moveOrganization;
      expect(moved).toEqual({
        id: cellId,
        name: world.cells.cellA.name,
        depth: 2,
        parent: { name: world.otherCommune.name },
        ancestors: [{ name: world.city.name }, { name: world.otherCommune.name }],
        moves: [{ fromParent: { name: world.commune.name }, toParent: { name: world.otherCommune.name }, movedOn: '2025-09-01', reason: 'Sắp xếp lại địa giới hành chính' }],
      });
      const stored = await reloadOrganization(ds, world.cells.cellA.id);
      expect(stored).toMatchObject({ parentId: world.otherCommune.id, path: `${world.otherCommune.path}${world.cells.cellA.id}/`, depth: 2 });

      // The old commune lost the cell, its members and candidates; the new one gained them.
      expect(await count(fromToken)).toBe(1);
      expect(await count(toToken)).toBe(3);
      expect(await members(fromToken)).toBe(1);
      expect(await members(toToken)).toBe(3);
      expect(errorCode(await server.gql(ORG, { id: cellId }, fromToken))).toBe('NOT_FOUND');
      expect(errorCode(await server.gql(HISTORY, { id: candidateId }, fromToken))).toBe('NOT_FOUND');
      const underNew = ok(await server.gql<{ candidates: { nodes: { fullName: string }[] } }>(CANDIDATE_COUNT, { filter: { under: gid.org(world.otherCommune) } }, cityToken));
      expect(underNew.candidates.nodes.map((c) => c.fullName).sort()).toEqual(
        [world.candidates.candidateA1.fullName, world.candidates.candidateA2.fullName, world.candidates.candidateOther.fullName].sort(),
      );
      expect(ok(await server.gql<{ organization: OrgResult }>(ORG, { id: cellId }, toToken)).organization).toMatchObject({
        parent: { name: world.otherCommune.name },
        needsCommitteeResolution: true,
      });

      // The candidates keep their history, and the people inside the cell still see them.
      expect(ok(await server.gql(HISTORY, { id: candidateId }, cityToken))).toEqual(historyBefore);
      expect(ok(await server.gql(HISTORY, { id: candidateId }, toToken))).toEqual(historyBefore);
      expect(await count(server.tokenFor(world.users.secretaryA))).toBe(2);
      expect(await count(server.tokenFor(world.users.mentorA))).toBe(1);

      // The move is in the history table and the audit log.
      const rows = await ds.getRepository(OrganizationMove).findBy({ organizationId: world.cells.cellA.id });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ fromParentId: world.commune.id, toParentId: world.otherCommune.id, fromPath: world.cells.cellA.path, toPath: stored.path, movedByUserId: world.users.cityCommittee.id });
      expect(await ds.getRepository(AuditLog).countBy({ action: 'organization.move', subjectId: world.cells.cellA.id, userId: world.users.cityCommittee.id })).toBe(1);
    });

    it('moves a commune with its cells, and the paths under it follow', async () => {
      const ds = server.dataSource;
      const world = await buildTenantWorld(ds, 'Dời Cả Xã');
      const cityToken = server.tokenFor(world.users.cityCommittee);
      const district = await buildOrganization(ds, world.city, { name: 'Huyện ủy Dời Cả Xã', kind: OrganizationKind.CITY_COMMITTEE });

      const moved = ok(await server.gql<MoveResult>(MOVE, { input: { id: gid.org(world.commune), newParentId: gid.org(district), movedOn: todayInVietnam() } }, cityToken)).moveOrganization;
      expect(moved).toMatchObject({ depth: 2, parent: { name: district.name }, ancestors: [{ name: world.city.name }, { name: district.name }] });
      expect(moved.moves).toEqual([{ fromParent: { name: world.city.name }, toParent: { name: district.name }, movedOn: todayInVietnam(), reason: null }]);

      for (const cell of [world.cells.cellA, world.cells.cellB]) {
        const stored = await reloadOrganization(ds, cell.id);
        expect(stored.path).toBe(`${district.path}${world.commune.id}/${cell.id}/`);
        expect(stored.depth).toBe(3);
        expect(stored.parentId).toBe(world.commune.id);
        const read = ok(await server.gql<{ organization: OrgResult }>(ORG, { id: gid.org(cell) }, cityToken)).organization;
        expect(read.ancestors.map((a) => a.name)).toEqual([world.city.name, district.name, world.commune.name]);
        expect(read.depth).toBe(3);
        expect(read.needsCommitteeResolution).toBe(true);
      }
      // Only the commune's own subtree moved.
      expect((await reloadOrganization(ds, world.cells.otherCell.id)).path).toBe(world.cells.otherCell.path);
      expect((await reloadOrganization(ds, world.cells.directCell.id)).path).toBe(world.cells.directCell.path);

      const expected = [world.candidates.candidateA1.fullName, world.candidates.candidateA2.fullName, world.candidates.candidateB.fullName].sort();
      for (const under of [world.commune, district]) {
        const found = ok(await server.gql<{ candidates: { totalCount: number; nodes: { fullName: string }[] } }>(CANDIDATE_COUNT, { filter: { under: gid.org(under) } }, cityToken)).candidates;
        expect(found.nodes.map((c) => c.fullName).sort()).toEqual(expected);
      }
      // The commune's own committee still sees its subtree (its path is read afresh).
      expect(ok(await server.gql<{ candidates: { totalCount: number } }>(CANDIDATE_COUNT, {}, server.tokenFor(world.users.communeCommittee))).candidates.totalCount).toBe(3);
      expect(ok(await server.gql<OrgsResult>(ORGS, { filter: { under: gid.org(district) } }, cityToken)).organizations.totalCount).toBe(4); // district, commune, 2 cells
    });

    it('refuses impossible moves and changes nothing', async () => {
      const ds = server.dataSource;
      const world = await buildTenantWorld(ds, 'Không Dời');
      const other = await buildTenantWorld(ds, 'Bên Kia');
      const cityToken = server.tokenFor(world.users.cityCommittee);
      const communeToken = server.tokenFor(world.users.communeCommittee);
      const future = addMonths(todayInVietnam(), 1);
      const everything = [world.city, world.commune, world.otherCommune, ...Object.values(world.cells)];

      const cases: { label: string; input: Record<string, unknown>; code: string; as?: string }[] = [
        { label: 'a cell under itself', input: { id: gid.org(world.cells.cellA), newParentId: gid.org(world.cells.cellA) }, code: 'BAD_USER_INPUT' },
        { label: 'a commune under itself', input: { id: gid.org(world.commune), newParentId: gid.org(world.commune) }, code: 'BAD_USER_INPUT' },
        { label: 'a commune under its own cell', input: { id: gid.org(world.commune), newParentId: gid.org(world.cells.cellA) }, code: 'BAD_USER_INPUT' },
        { label: 'a committee moving its own root', input: { id: gid.org(world.city), newParentId: gid.org(world.commune) }, code: 'FORBIDDEN' },
        { label: "to another tenant's commune", input: { id: gid.org(world.cells.cellA), newParentId: gid.org(other.commune) }, code: 'NOT_FOUND' },
        { label: "another tenant's cell", input: { id: gid.org(other.cells.cellA), newParentId: gid.org(world.otherCommune) }, code: 'NOT_FOUND' },
        { label: 'to a parent that does not exist', input: { id: gid.org(world.cells.cellA), newParentId: toGlobalId('Organization', 987654321) }, code: 'NOT_FOUND' },
        { label: 'a commune committee moving itself', input: { id: gid.org(world.commune), newParentId: gid.org(world.city) }, code: 'FORBIDDEN', as: communeToken },
        { label: 'movedOn in the future', input: { id: gid.org(world.cells.cellA), newParentId: gid.org(world.otherCommune), movedOn: future }, code: 'BAD_USER_INPUT' },
        { label: 'the same parent', input: { id: gid.org(world.cells.cellA), newParentId: gid.org(world.commune) }, code: 'BAD_USER_INPUT' },
        { label: 'a commune under a commune', input: { id: gid.org(world.commune), newParentId: gid.org(world.otherCommune) }, code: 'BAD_USER_INPUT' },
        { label: 'a cell under a cell', input: { id: gid.org(world.cells.cellA), newParentId: gid.org(world.cells.otherCell) }, code: 'BAD_USER_INPUT' },
        { label: 'a malformed new parent id', input: { id: gid.org(world.cells.cellA), newParentId: gid.member(world.members.memberOther) }, code: 'BAD_USER_INPUT' },
        { label: 'an invalid movedOn', input: { id: gid.org(world.cells.cellA), newParentId: gid.org(world.otherCommune), movedOn: '2025-02-30' }, code: 'BAD_USER_INPUT' },
      ];
      for (const { label, input, code, as } of cases) {
        const before = { counts: await tableCounts(), tree: await treeState(everything) };
        const response = await server.gql(MOVE, { input }, as ?? cityToken);
        expect({ label, code: errorCode(response) }).toEqual({ label, code });
        expect(response.data ?? null).toBeNull(); // undefined when the variables themselves are refused
        expect({ label, counts: await tableCounts(), tree: await treeState(everything) }).toEqual({ label, ...before });
      }
      const moves = ok(await server.gql<{ organization: { moves: unknown[] } }>(`query ($id: ID!) { organization(id: $id) { moves { movedOn } } }`, { id: gid.org(world.cells.cellA) }, cityToken));
      expect(moves.organization.moves).toEqual([]);
    });
  });

  describe('more tree rules', () => {
    it('says a cell under a school committee needs its resolution', async () => {
      const ds = server.dataSource;
      const city = await buildOrganization(ds, null);
      const commune = await buildOrganization(ds, city);
      const token = server.tokenFor(await buildUser(ds, Role.COMMITTEE, commune));
      const schoolCommittee = ok(
        await server.gql<{ createOrganization: OrgResult }>(
          CREATE,
          { input: { parentId: gid.org(commune), name: 'Đảng bộ Trường THPT Lớn', kind: 'SCHOOL_COMMITTEE', school: { name: 'Trường THPT Lớn', level: 'UPPER_SECONDARY' } } },
          token,
        ),
      ).createOrganization;
      expect(schoolCommittee).toMatchObject({ depth: 2, needsCommitteeResolution: false, school: { name: 'Trường THPT Lớn', hasPartyOrganization: true } });
      const cell = ok(await server.gql<{ createOrganization: OrgResult }>(CREATE, { input: { parentId: schoolCommittee.id, name: 'Chi bộ Giáo viên Tổ Toán', kind: 'SCHOOL_CELL' } }, token))
        .createOrganization;
      expect(cell).toMatchObject({ depth: 3, needsCommitteeResolution: true, school: null, parent: { name: 'Đảng bộ Trường THPT Lớn' } });
      expect(cell.ancestors.map((a) => a.id)).toEqual([gid.org(city), gid.org(commune), schoolCommittee.id]);
    });

    it('records every move, oldest first, when a cell moves away and back', async () => {
      const ds = server.dataSource;
      const world = await buildTenantWorld(ds, 'Đi Về');
      const token = server.tokenFor(world.users.cityCommittee);
      const id = gid.org(world.cells.cellB);
      ok(await server.gql(MOVE, { input: { id, newParentId: gid.org(world.otherCommune), movedOn: '2024-09-01', reason: 'Lần một' } }, token));
      const back = ok(await server.gql<MoveResult>(MOVE, { input: { id, newParentId: gid.org(world.commune), movedOn: '2025-01-15' } }, token)).moveOrganization;
      expect(back.parent).toEqual({ name: world.commune.name });
      expect(back.moves).toEqual([
        { fromParent: { name: world.commune.name }, toParent: { name: world.otherCommune.name }, movedOn: '2024-09-01', reason: 'Lần một' },
        { fromParent: { name: world.otherCommune.name }, toParent: { name: world.commune.name }, movedOn: '2025-01-15', reason: null },
      ]);
      expect((await reloadOrganization(ds, world.cells.cellB.id)).path).toBe(world.cells.cellB.path);
      expect(ok(await server.gql<{ candidates: { totalCount: number } }>(CANDIDATE_COUNT, {}, server.tokenFor(world.users.communeCommittee))).candidates.totalCount).toBe(3);
    });

    it('lets a commune committee reorganize only inside its own subtree', async () => {
      const ds = server.dataSource;
      const world = await buildTenantWorld(ds, 'Trong Xã');
      const communeToken = server.tokenFor(world.users.communeCommittee);
      const versionOf = async (organization: Organization) => (await reloadOrganization(ds, organization.id)).version;
      const everything = [world.city, world.commune, world.otherCommune, ...Object.values(world.cells)];
      const cases: { label: string; send: () => Promise<GraphQLResponse>; code: string }[] = [
        { label: 'a cell out to another commune', send: () => server.gql(MOVE, { input: { id: gid.org(world.cells.cellA), newParentId: gid.org(world.otherCommune) } }, communeToken), code: 'NOT_FOUND' },
        { label: 'a cell up to the city', send: () => server.gql(MOVE, { input: { id: gid.org(world.cells.cellA), newParentId: gid.org(world.city) } }, communeToken), code: 'FORBIDDEN' },
        { label: 'a cell of another commune in', send: () => server.gql(MOVE, { input: { id: gid.org(world.cells.otherCell), newParentId: gid.org(world.commune) } }, communeToken), code: 'NOT_FOUND' },
        { label: 'renaming the city above', send: async () => server.gql(UPDATE, { id: gid.org(world.city), input: { name: 'Thành ủy Bị Đổi', version: await versionOf(world.city) } }, communeToken), code: 'FORBIDDEN' },
        { label: 'a secretary renaming their cell', send: async () => server.gql(UPDATE, { id: gid.org(world.cells.cellA), input: { name: 'Chi bộ Tự Đổi', version: await versionOf(world.cells.cellA) } }, server.tokenFor(world.users.secretaryA)), code: 'FORBIDDEN' },
        { label: 'a secretary moving their cell', send: () => server.gql(MOVE, { input: { id: gid.org(world.cells.cellA), newParentId: gid.org(world.commune) } }, server.tokenFor(world.users.secretaryA)), code: 'FORBIDDEN' },
        { label: 'a reporter creating a commune', send: () => server.gql(CREATE, { input: { parentId: gid.org(world.city), name: 'Đảng ủy xã Báo Cáo', kind: 'COMMUNE_COMMITTEE' } }, server.tokenFor(world.users.reporter)), code: 'FORBIDDEN' },
        { label: 'a code taken by another organization', send: async () => server.gql(UPDATE, { id: gid.org(world.cells.cellA), input: { code: world.cells.cellB.code, version: await versionOf(world.cells.cellA) } }, communeToken), code: 'BAD_USER_INPUT' },
        { label: 'no token', send: () => server.gql(CREATE, { input: { parentId: gid.org(world.city), name: 'Đảng ủy xã Vô Danh', kind: 'COMMUNE_COMMITTEE' } }), code: 'UNAUTHENTICATED' },
      ];
      for (const { label, send, code } of cases) {
        const before = { counts: await tableCounts(), tree: await treeState(everything) };
        const response = await send();
        expect({ label, code: errorCode(response) }).toEqual({ label, code });
        expect({ label, counts: await tableCounts(), tree: await treeState(everything) }).toEqual({ label, ...before });
      }
      // Inside its subtree it may move: a cell under a school committee of the commune.
      const schoolCommittee = await buildOrganization(ds, world.commune, { kind: OrganizationKind.SCHOOL_COMMITTEE, name: 'Đảng bộ Trường Liên Cấp Trong Xã' });
      const inside = ok(await server.gql<MoveResult>(MOVE, { input: { id: gid.org(world.cells.cellB), newParentId: gid.org(schoolCommittee) } }, communeToken)).moveOrganization;
      expect(inside).toMatchObject({ depth: 3, parent: { name: 'Đảng bộ Trường Liên Cấp Trong Xã' }, ancestors: [{ name: world.city.name }, { name: world.commune.name }, { name: 'Đảng bộ Trường Liên Cấp Trong Xã' }] });
      expect(ok(await server.gql<{ candidates: { totalCount: number } }>(CANDIDATE_COUNT, {}, communeToken)).candidates.totalCount).toBe(3);
      // Its own code again, and a cell's own rename, are fine for the commune committee.
      const same = ok(await server.gql<{ updateOrganization: { name: string } }>(UPDATE, { id: gid.org(world.cells.cellA), input: { code: world.cells.cellA.code, name: 'Chi bộ Trường THCS Đổi Tên', version: await versionOf(world.cells.cellA) } }, communeToken));
      expect(same.updateOrganization.name).toBe('Chi bộ Trường THCS Đổi Tên');
    });
  });

  describe('concurrent writes', () => {
    it('lets only one of several simultaneous creations with the same code through, refusing the others cleanly', async () => {
      const ds = server.dataSource;
      const city = await buildOrganization(ds, null);
      const token = server.tokenFor(await buildUser(ds, Role.COMMITTEE, city));
      const responses = await Promise.all(
        Array.from({ length: 6 }, (_, i) => server.gql(CREATE, { input: { parentId: gid.org(city), name: `Đảng ủy xã Đồng Thời ${i}`, kind: 'COMMUNE_COMMITTEE', code: 'DONG-THOI' } }, token)),
      );
      const codes = responses.map((r) => errorCode(r) ?? 'OK');
      expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
      // A duplicate is the caller's problem (BAD_USER_INPUT) or a lost race (CONFLICT), never a server error.
      expect(codes.filter((c) => c !== 'OK' && c !== 'BAD_USER_INPUT' && c !== 'CONFLICT')).toEqual([]);
      expect(await ds.getRepository(Organization).countBy({ tenantId: city.id, code: 'DONG-THOI' })).toBe(1);
    });

    it('never lets two simultaneous moves put two organizations under each other', async () => {
      const ds = server.dataSource;
      const rounds: { round: number; codes: string[]; cycle: boolean; pathsAgree: boolean }[] = [];
      for (let round = 0; round < 5; round += 1) {
        const city = await buildOrganization(ds, null);
        const districtA = await buildOrganization(ds, city, { kind: OrganizationKind.CITY_COMMITTEE, name: `Huyện ủy A ${round}` });
        const districtB = await buildOrganization(ds, city, { kind: OrganizationKind.CITY_COMMITTEE, name: `Huyện ủy B ${round}` });
        const token = server.tokenFor(await buildUser(ds, Role.COMMITTEE, city));
        const [ab, ba] = await Promise.all([
          server.gql(MOVE, { input: { id: gid.org(districtA), newParentId: gid.org(districtB) } }, token),
          server.gql(MOVE, { input: { id: gid.org(districtB), newParentId: gid.org(districtA) } }, token),
        ]);
        const a = await reloadOrganization(ds, districtA.id);
        const b = await reloadOrganization(ds, districtB.id);
        let pathsAgree = true;
        for (const org of [a, b]) {
          const parent = await reloadOrganization(ds, org.parentId!);
          if (org.path !== `${parent.path}${org.id}/` || org.depth !== parent.depth + 1) pathsAgree = false;
        }
        rounds.push({ round, codes: [errorCode(ab) ?? 'OK', errorCode(ba) ?? 'OK'].sort(), cycle: a.parentId === b.id && b.parentId === a.id, pathsAgree });
      }
      // The tree is still a tree: never each under the other, and the paths agree with the parents.
      expect(rounds.filter((r) => r.cycle || !r.pathsAgree)).toEqual([]);
      // One move wins; the other sees the cycle (or loses the race) and is refused cleanly, never with a server error.
      const clean = (codes: string[]) => {
        const refused = codes.filter((c) => c !== 'OK');
        return refused.length === 1 && /^(BAD_USER_INPUT|CONFLICT)$/.test(refused[0]);
      };
      expect(rounds.filter((r) => !clean(r.codes))).toEqual([]);
    });
  });

  describe('organizations connection', () => {
    it('walks every organization two at a time, in a stable order, without duplicates', async () => {
      const ds = server.dataSource;
      const world = await buildTenantWorld(ds, 'Phân Trang');
      // Equal names make the order depend on the tie-break by id.
      await buildOrganization(ds, world.city, { name: 'Đảng ủy xã Trùng Tên' });
      await buildOrganization(ds, world.city, { name: 'Đảng ủy xã Trùng Tên' });
      await buildOrganization(ds, world.city, { name: 'Đảng ủy xã Trùng Tên' });
      await buildTenantWorld(ds, 'Ngoài Trang'); // another tenant, never listed
      const token = server.tokenFor(world.users.cityCommittee);

      const all = ok(await server.gql<OrgsResult>(ORGS, { first: 100 }, token)).organizations;
      expect(all.totalCount).toBe(10);
      expect(all.edges).toHaveLength(10);
      expect(all.pageInfo.hasNextPage).toBe(false);

      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page: OrgsResult['organizations'] = ok(await server.gql<OrgsResult>(ORGS, { first: 2, after }, token)).organizations;
        pages += 1;
        expect(page.totalCount).toBe(10);
        expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
        expect(page.edges.length).toBeLessThanOrEqual(2);
        expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1]?.cursor ?? null);
        seen.push(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        expect(page.edges).toHaveLength(2);
        after = page.pageInfo.endCursor;
        if (pages > 10) throw new Error('pagination does not end');
      }
      expect(pages).toBe(5);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(all.edges.map((e) => e.node.id));
      // The same walk twice gives the same order.
      const again = ok(await server.gql<OrgsResult>(ORGS, { first: 100 }, token)).organizations;
      expect(again.edges.map((e) => e.node.id)).toEqual(seen);
      // Names come in Vietnamese order ("Đ" after "D", "Th" after "T"...); the root "Thành ủy" sorts after "Đảng ủy" and "Chi bộ".
      const names = all.edges.map((e) => e.node.name);
      expect(names.indexOf(world.city.name)).toBeGreaterThan(names.indexOf(world.commune.name));
      expect(names.indexOf(world.commune.name)).toBeGreaterThan(names.indexOf(world.cells.cellA.name));
    });

    it('refuses a page above the maximum and a garbage cursor with BAD_USER_INPUT', async () => {
      const ds = server.dataSource;
      const city = await buildOrganization(ds, null);
      await buildOrganization(ds, city);
      const token = server.tokenFor(await buildUser(ds, Role.COMMITTEE, city));

      expect(ok(await server.gql<OrgsResult>(ORGS, { first: 100 }, token)).organizations.totalCount).toBe(2);
      for (const variables of [{ first: 101 }, { first: 0 }, { first: -1 }, { after: 'garbage!' }, { first: 2, after: 'bm90LWEtY3Vyc29y' }, { after: Buffer.from('{"v":1}').toString('base64url') }]) {
        const response = await server.gql(ORGS, variables, token);
        expect({ variables, code: errorCode(response) }).toEqual({ variables, code: 'BAD_USER_INPUT' });
      }
    });
  });
});
