import ExcelJS from 'exceljs';
import { Like } from 'typeorm';
import { startTestServer, ok, type TestServer } from './support/server';
import { buildOrganization, buildUser, gid } from './factories';
import { seedDemoIfEmpty } from '../src/tools/demo/seed';
import { Role } from '../src/domain/enums';
import { Organization } from '../src/modules/organization/organization.entity';
import { School, SchoolHeadcount } from '../src/modules/school/school.entity';
import { Member } from '../src/modules/member/member.entity';
import { Candidate } from '../src/modules/candidate/candidate.entity';
import { CANDIDATE_COLUMNS, MEMBER_COLUMNS, ORGANIZATION_COLUMNS, type ColumnSpec } from '../src/modules/import/columns';
import type { User } from '../src/modules/user/user.entity';

/**
 * Round trip: Tam Đảo's organizations (with schools and 2025 headcounts), members and candidates
 * written in the template layouts, imported into a new empty tenant: the same statistics.
 */
let server: TestServer;
let tamDao: Organization;
let copy: Organization;
let tamDaoCommittee: User;
let copyCommittee: User;
let base: string;

beforeAll(async () => {
  server = await startTestServer();
  if (!(await seedDemoIfEmpty(server.dataSource, server.config))) throw new Error('the test database was not empty');
  tamDao = await server.dataSource.getRepository(Organization).findOneOrFail({ where: { name: Like('%Tam Đảo%'), depth: 0 } });
  copy = await buildOrganization(server.dataSource, null, { name: 'Huyện ủy Bản Sao', code: `COPY-${Date.now()}` });
  tamDaoCommittee = await buildUser(server.dataSource, Role.COMMITTEE, tamDao);
  copyCommittee = await buildUser(server.dataSource, Role.COMMITTEE, copy);
  base = server.app.url.replace(/\/graphql$/, '');
}, 120_000);

afterAll(async () => {
  await server.close();
});

type Value = string | number | null;

async function workbook(columns: ColumnSpec[], rows: Record<string, Value>[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Dữ liệu');
  sheet.addRow(columns.map((c) => c.header));
  for (const row of rows) sheet.addRow(columns.map((c) => row[c.key] ?? null));
  return Buffer.from(await book.xlsx.writeBuffer());
}

const yesNo = (value: boolean) => (value ? 'Có' : 'Không');

async function exportTamDao(): Promise<{ organizations: Buffer; members: Buffer; candidates: Buffer }> {
  const em = server.dataSource.manager;
  const orgs = await em.find(Organization, { where: { path: Like(`${tamDao.path}%`) }, order: { depth: 'ASC', id: 'ASC' } });
  const codeOf = new Map(orgs.map((o) => [o.id, o.id === tamDao.id ? copy.code : o.code]));
  const schools = new Map((await em.find(School, { where: { tenantId: tamDao.tenantId } })).map((s) => [s.organizationId, s]));
  const counts = new Map((await em.find(SchoolHeadcount, { where: { schoolYear: 2025 } })).map((h) => [h.schoolId, h]));
  const organizationRows = orgs
    .filter((o) => o.id !== tamDao.id)
    .map((o) => {
      const school = schools.get(o.id);
      const h = school ? counts.get(school.id) : undefined;
      return {
        code: o.code,
        name: o.name,
        kind: o.kind,
        parentCode: codeOf.get(o.parentId ?? 0) ?? null,
        schoolName: school?.name ?? null,
        schoolLevel: school?.level ?? null,
        schoolYear: h ? 2025 : null,
        managers: h?.managers ?? null,
        teachers: h?.teachers ?? null,
        staff: h?.staff ?? null,
        students: h?.students ?? null,
        grade12Students: h?.grade12Students ?? null,
      };
    });
  const members = await em.find(Member, { where: { tenantId: tamDao.tenantId }, order: { id: 'ASC' } });
  const memberRows = members.map((m) => ({
    fullName: m.fullName,
    dateOfBirth: m.dateOfBirth,
    gender: m.gender,
    category: m.category,
    status: m.status,
    admittedOn: m.admittedOn,
    officialOn: m.officialOn,
    isSecretary: yesNo(m.isSecretary),
    isPrincipal: yesNo(m.isPrincipal),
    nationalId: m.nationalId,
    cellCode: codeOf.get(m.organizationId) ?? null,
  }));
  const candidates = await em.find(Candidate, { where: { tenantId: tamDao.tenantId }, order: { id: 'ASC' } });
  const candidateRows = candidates.map((c) => ({
    fullName: c.fullName,
    dateOfBirth: c.dateOfBirth,
    gender: c.gender,
    category: c.category,
    educationLevel: c.educationLevel,
    grade: c.grade,
    youthUnionMember: yesNo(c.youthUnionMember),
    stage: c.stage,
    stageOn: c.stageSince,
    nationalId: c.nationalId,
    phone: c.phone,
    cellCode: codeOf.get(c.organizationId) ?? null,
  }));
  expect(memberRows).toHaveLength(859);
  return {
    organizations: await workbook(ORGANIZATION_COLUMNS, organizationRows),
    members: await workbook(MEMBER_COLUMNS, memberRows),
    candidates: await workbook(CANDIDATE_COLUMNS, candidateRows),
  };
}

async function post(kind: string, body: Buffer): Promise<{ status: number; body: { written: boolean; created: number; rejected: number; problems: unknown[] } }> {
  const params = new URLSearchParams({ organizationId: gid.org(copy), fileName: `${kind}.xlsx` });
  const response = await fetch(`${base}/imports/${kind}?${params}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${server.tokenFor(copyCommittee)}` },
    body: new Uint8Array(body),
  });
  return { status: response.status, body: (await response.json()) as { written: boolean; created: number; rejected: number; problems: unknown[] } };
}

const STATISTICS = `query ($id: ID!) { statistics(organizationId: $id, period: { schoolYear: 2025 }) {
  schools { total withPartyOrganization byLevel { level schools withPartyOrganization } }
  cells { total withPrincipalSecretary }
  staff { managers teachers staff total students grade12Students members officialMembers probationaryMembers teacherMembers studentMembers membersRatio }
} }`;

async function statistics(organization: Organization, user: User): Promise<Record<string, unknown>> {
  return ok(await server.gql<{ statistics: Record<string, unknown> }>(STATISTICS, { id: gid.org(organization) }, server.tokenFor(user))).statistics;
}

it('Tam Đảo exported in the templates and imported into an empty tenant has the same statistics', async () => {
  const files = await exportTamDao();
  for (const kind of ['organizations', 'members', 'candidates'] as const) {
    const report = await post(kind, files[kind]);
    expect({ kind, problems: report.body.problems.slice(0, 5) }).toEqual({ kind, problems: [] });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ written: true, rejected: 0 });
  }
  const original = await statistics(tamDao, tamDaoCommittee);
  expect(original).toMatchObject({ staff: { members: 859 }, cells: { total: 36 } });
  expect(await statistics(copy, copyCommittee)).toEqual(original);
}, 120_000);
