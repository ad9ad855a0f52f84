import crypto from 'node:crypto';
import { startTestServer, ok, type GraphQLResponse, type TestServer } from './support/server';
import { postImport, workbook, type ImportReport as Report } from './support/imports';
import { buildTenantWorld, buildUser, gid, type TenantWorld } from './factories';
import { Role } from '../src/domain/enums';
import { Member } from '../src/modules/member/member.entity';
import { School } from '../src/modules/school/school.entity';
import type { User } from '../src/modules/user/user.entity';

/**
 * Existence oracles (issue 13, item 8): what is out of the caller's scope answers exactly like
 * what does not exist, through the GraphQL layer and the import routes. Where a value is unique
 * (codes, national IDs, emails) and another record holds it, the caller gets one neutral answer,
 * the same whether the holder is in its scope or not, and the committee that sees both records
 * finds the clash in its audit log (`conflict.<field>`).
 *
 *   city ─┬─ commune ─┬─ cellA (schoolA; mentorA, otherMemberA; candidateA1, A2)
 *         │           └─ cellB (schoolB; memberB; candidateB)
 *         ├─ otherCommune ── otherCell (otherSchool; memberOther; candidateOther)
 *         └─ directCell (memberDirect; candidateDirect)
 * and a second tenant built the same way.
 */
const MEMBER_HEADERS = ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Đối tượng', 'Trạng thái', 'Ngày vào Đảng', 'Ngày chính thức', 'Bí thư', 'Hiệu trưởng', 'Số CCCD', 'Mã chi bộ'];
const CANDIDATE_HEADERS = ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Đối tượng', 'Trình độ', 'Lớp', 'Đoàn viên', 'Giai đoạn', 'Ngày đạt giai đoạn', 'Số CCCD', 'Điện thoại', 'Mã chi bộ'];
const ORGANIZATION_HEADERS = ['Mã đơn vị', 'Tên đơn vị', 'Loại', 'Mã đơn vị cấp trên', 'Tên trường', 'Bậc học', 'Năm học', 'Cán bộ quản lý', 'Giáo viên', 'Nhân viên', 'Học sinh', 'Học sinh lớp 12'];

const CODE_CLASH = 'This code cannot be used; if it should be, ask the committee above';
const NATIONAL_ID_CLASH = 'This national ID cannot be used; if it should be, ask the committee above';
const EMAIL_CLASH = 'This email cannot be used; if it should be, ask the committee above';
const lower = (message: string) => message.charAt(0).toLowerCase() + message.slice(1);

let server: TestServer;
let one: TenantWorld;
let two: TenantWorld;
let admin: User;
let otherSchool: School;

const unique = () => crypto.randomBytes(3).toString('hex').toUpperCase();
const nationalId = () => String(100000000000 + crypto.randomInt(0, 899999999999));

beforeAll(async () => {
  server = await startTestServer();
  const ds = server.dataSource;
  one = await buildTenantWorld(ds, 'Một');
  two = await buildTenantWorld(ds, 'Hai');
  admin = await buildUser(ds, Role.SYSTEM_ADMIN, null);
  // Members get national IDs (the factory leaves them empty); otherCell's school a code.
  for (const member of Object.values(one.members)) {
    member.nationalId = nationalId();
    await ds.getRepository(Member).update({ id: member.id }, { nationalId: member.nationalId });
  }
  otherSchool = await ds.getRepository(School).findOneByOrFail({ organizationId: one.cells.otherCell.id });
  await ds.getRepository(School).update({ id: otherSchool.id }, { code: `SCH-OTHER-${unique()}` });
  await ds.getRepository(School).update({ id: one.schools.schoolB.id }, { code: `SCH-B-${unique()}` });
  otherSchool = await ds.getRepository(School).findOneByOrFail({ id: otherSchool.id });
});

afterAll(async () => {
  await server.close();
});

/** What a caller sees of a refused GraphQL request: status, code, message and problems. */
function answer(response: GraphQLResponse): { status: number; data: unknown; errors: { message: string; extensions: unknown }[] } {
  expect(response.errors?.length).toBeGreaterThan(0);
  return { status: response.status, data: response.data ?? null, errors: (response.errors ?? []).map((e) => ({ message: e.message, extensions: e.extensions })) };
}

function xlsx(headers: string[], rows: (string | number | null)[][]): Promise<Buffer> {
  return workbook('Dữ liệu', headers, rows);
}

function post(kind: string, file: Buffer, organizationId: string, user: User, query: Record<string, string> = {}): Promise<{ status: number; body: Report }> {
  return postImport(server, kind, file, { organizationId, token: server.tokenFor(user), query });
}

/** A dry run and a real run of the same file, with the value the caller typed replaced by a placeholder. */
async function importAnswers(kind: string, file: Buffer, organizationId: string, user: User, typed: string[] = []): Promise<string> {
  const dry = await post(kind, file, organizationId, user, { dryRun: 'true' });
  const real = await post(kind, file, organizationId, user);
  let text = JSON.stringify({ dry, real });
  for (const value of typed) text = text.split(value).join('<typed>');
  return text;
}

interface Conflict {
  action: string;
  subjectId: string | null;
  changes: { value?: string; attemptedIn?: string | null; heldIn?: string | null } | null;
  organization: { id: string } | null;
}

/** The clashes a caller finds in its audit log. */
async function conflicts(user: User, value: string): Promise<Conflict[]> {
  const data = ok(
    await server.gql<{ auditLog: { nodes: Conflict[] } }>(
      `{ auditLog(first: 100) { nodes { action subjectId changes organization { id } } } }`,
      {},
      server.tokenFor(user),
    ),
  );
  return data.auditLog.nodes.filter((n) => n.action.startsWith('conflict.') && n.changes?.value === value);
}

const memberRow = (name: string, nid: string, cellCode: string | null) => [name, '01/01/1990', 'Nam', 'Giáo viên', 'Chính thức', '', '', '', '', nid, cellCode];
const candidateRow = (name: string, nid: string, cellCode: string | null) => [name, '10/03/1996', 'Nam', 'Giáo viên', 'Đại học', '', '', '', '', nid, '', cellCode];

describe('members import', () => {
  it('a cell code the caller cannot read answers like a code that does not exist (not "out of scope", not its kind)', async () => {
    const { commune, otherCommune, city } = one;
    const { otherCell, cellB } = one.cells;
    const committee = one.users.communeCommittee;
    const unknownCode = `KHONG-CO-${unique()}`;
    const file = (code: string) => xlsx(MEMBER_HEADERS, [memberRow('Hoàng Văn Thử', '', code)]);
    const unknown = await importAnswers('members', await file(unknownCode), gid.org(commune), committee, [unknownCode]);
    expect(unknown).toContain('unknown cell: <typed>');
    // A sibling commune's cell, a sibling commune, another tenant's cell.
    expect(await importAnswers('members', await file(otherCell.code!), gid.org(commune), committee, [otherCell.code!])).toEqual(unknown);
    expect(await importAnswers('members', await file(otherCommune.code!), gid.org(commune), committee, [otherCommune.code!])).toEqual(unknown);
    expect(await importAnswers('members', await file(two.cells.cellA.code!), gid.org(commune), committee, [two.cells.cellA.code!])).toEqual(unknown);
    // A cell secretary importing into the city above it: the neighbouring cell is out of its scope.
    const secretary = one.users.secretaryA;
    const unknownForSecretary = await importAnswers('members', await file(unknownCode), gid.org(city), secretary, [unknownCode]);
    expect(await importAnswers('members', await file(cellB.code!), gid.org(city), secretary, [cellB.code!])).toEqual(unknownForSecretary);
  });

  it('a national ID held by another member answers the same, in scope or not; the committee above both finds the clash', async () => {
    const committee = one.users.communeCommittee;
    const { memberOther, memberB } = one.members;
    const file = (nid: string) => xlsx(MEMBER_HEADERS, [memberRow('Hoàng Văn Trùng', nid, one.cells.cellA.code)]);
    const outOfScope = await importAnswers('members', await file(memberOther.nationalId!), gid.org(one.commune), committee, [memberOther.nationalId!]);
    const inScope = await importAnswers('members', await file(memberB.nationalId!), gid.org(one.commune), committee, [memberB.nationalId!]);
    expect(outOfScope).toEqual(inScope);
    expect(outOfScope).toContain(lower(NATIONAL_ID_CLASH));

    // The city sees both cells: it finds the clash with the other commune's member; the commune does not.
    const found = await conflicts(one.users.cityCommittee, memberOther.nationalId!);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ action: 'conflict.nationalId', subjectId: gid.member(memberOther), organization: { id: gid.org(one.city) }, changes: { attemptedIn: gid.org(one.cells.cellA), heldIn: gid.org(one.cells.otherCell) } });
    expect(await conflicts(committee, memberOther.nationalId!)).toEqual([]);
    // The clash inside the commune is the commune's to see.
    expect((await conflicts(committee, memberB.nationalId!))[0]).toMatchObject({ subjectId: gid.member(memberB), organization: { id: gid.org(one.commune) } });
  });
});

describe('candidates import', () => {
  it('a national ID held by another candidate answers the same, in scope or not; the committee above both finds the clash', async () => {
    const committee = one.users.communeCommittee;
    const { candidateOther, candidateB } = one.candidates;
    const file = (nid: string) => xlsx(CANDIDATE_HEADERS, [candidateRow('Đinh Văn Trùng', nid, one.cells.cellA.code)]);
    const outOfScope = await importAnswers('candidates', await file(candidateOther.nationalId!), gid.org(one.commune), committee, [candidateOther.nationalId!]);
    const inScope = await importAnswers('candidates', await file(candidateB.nationalId!), gid.org(one.commune), committee, [candidateB.nationalId!]);
    expect(outOfScope).toEqual(inScope);
    expect(outOfScope).toContain(lower(NATIONAL_ID_CLASH));
    const found = await conflicts(one.users.cityCommittee, candidateOther.nationalId!);
    expect(found[0]).toMatchObject({ action: 'conflict.nationalId', subjectId: gid.candidate(candidateOther), organization: { id: gid.org(one.city) } });
    expect(await conflicts(committee, candidateOther.nationalId!)).toEqual([]);
  });
});

describe('organizations import', () => {
  it('a parent code the caller cannot read is an unknown parent', async () => {
    const committee = one.users.communeCommittee;
    const unknownCode = `KHONG-CO-${unique()}`;
    const file = (parentCode: string) => xlsx(ORGANIZATION_HEADERS, [[`NEW-${unique()}`, 'Chi bộ Trường Mới', 'SCHOOL_CELL', parentCode, '', '', '', '', '', '', '', '']]);
    const strip = (text: string) => text.replace(/NEW-[0-9A-F]{6}/g, '<new>');
    const unknown = strip(await importAnswers('organizations', await file(unknownCode), gid.org(one.commune), committee, [unknownCode]));
    expect(unknown).toContain('unknown parent organization: <typed>');
    expect(strip(await importAnswers('organizations', await file(one.otherCommune.code!), gid.org(one.commune), committee, [one.otherCommune.code!]))).toEqual(unknown);
    expect(strip(await importAnswers('organizations', await file(two.commune.code!), gid.org(one.commune), committee, [two.commune.code!]))).toEqual(unknown);
  });

  it('a code held outside the subtree imported into answers one neutral reason, in scope or not, never the kind; the committee above finds it', async () => {
    const { otherCell } = one.cells;
    const code = otherCell.code!;
    // Re-kinded (the holder is a SCHOOL_CELL) and same kind, by the commune (cannot read otherCell) and by the city (can).
    for (const kind of ['SCHOOL_COMMITTEE', 'SCHOOL_CELL']) {
      const file = await xlsx(ORGANIZATION_HEADERS, [[code, 'Đơn vị trùng mã', kind, one.commune.code, '', '', '', '', '', '', '', '']]);
      const outOfScope = await importAnswers('organizations', file, gid.org(one.commune), one.users.communeCommittee);
      const inScope = await importAnswers('organizations', file, gid.org(one.commune), one.users.cityCommittee);
      expect(outOfScope).toEqual(inScope);
      expect(outOfScope).toContain(lower(CODE_CLASH));
      expect(outOfScope).not.toContain('SCHOOL_CELL');
    }
    const found = await conflicts(one.users.cityCommittee, code);
    expect(found[0]).toMatchObject({ action: 'conflict.code', subjectId: gid.org(otherCell), organization: { id: gid.org(one.city) }, changes: { attemptedIn: gid.org(one.commune) } });
    expect(await conflicts(one.users.communeCommittee, code)).toEqual([]);
  });
});

const CREATE_ORGANIZATION = `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`;

/** The version a client reads before it updates an organization, a school or a member. */
async function versionOf(id: string, token: string): Promise<number> {
  const read = ok(await server.gql<{ node: { version: number } }>('query ($id: ID!) { node(id: $id) { ... on Organization { version } ... on School { version } ... on Member { version } } }', { id }, token));
  return read.node.version;
}
const UPDATE_ORGANIZATION = `mutation ($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id code } }`;

describe('organization and school codes', () => {
  it('createOrganization with a code another organization holds: one neutral answer, in scope or not; the committee above finds it', async () => {
    const token = server.tokenFor(one.users.communeCommittee);
    const create = (code: string) => server.gql(CREATE_ORGANIZATION, { input: { parentId: gid.org(one.commune), name: 'Chi bộ Trường Trùng Mã', kind: 'SCHOOL_CELL', code } }, token);
    const outOfScope = answer(await create(one.cells.otherCell.code!));
    const inScope = answer(await create(one.cells.cellB.code!));
    expect(outOfScope).toEqual(inScope);
    expect(outOfScope.errors[0]).toMatchObject({ message: CODE_CLASH, extensions: { code: 'BAD_USER_INPUT', problems: [{ field: 'code', message: 'cannot be used' }] } });

    const found = await conflicts(one.users.cityCommittee, one.cells.otherCell.code!);
    expect(found.find((c) => c.changes?.attemptedIn === gid.org(one.commune))).toMatchObject({ action: 'conflict.code', subjectId: gid.org(one.cells.otherCell), organization: { id: gid.org(one.city) } });
    expect(await conflicts(one.users.communeCommittee, one.cells.otherCell.code!)).toEqual([]);
    expect((await conflicts(one.users.communeCommittee, one.cells.cellB.code!))[0]).toMatchObject({ subjectId: gid.org(one.cells.cellB), organization: { id: gid.org(one.commune) } });
  });

  it('updateOrganization to a code another organization holds: the same neutral answer, in scope or not', async () => {
    const token = server.tokenFor(one.users.communeCommittee);
    const version = await versionOf(gid.org(one.cells.cellA), token);
    const update = (code: string) => server.gql(UPDATE_ORGANIZATION, { id: gid.org(one.cells.cellA), input: { code, version } }, token);
    const outOfScope = answer(await update(one.cells.directCell.code!));
    const inScope = answer(await update(one.cells.cellB.code!));
    expect(outOfScope).toEqual(inScope);
    expect(outOfScope.errors[0].message).toBe(CODE_CLASH);
    expect((await conflicts(one.users.cityCommittee, one.cells.directCell.code!))[0]).toMatchObject({ subjectId: gid.org(one.cells.directCell), organization: { id: gid.org(one.city) } });
  });

  it('updateSchool to a code another school holds: the same neutral answer, in scope or not', async () => {
    const token = server.tokenFor(one.users.communeCommittee);
    const version = await versionOf(gid.school(one.schools.schoolA), token);
    const update = (code: string) => server.gql(`mutation ($id: ID!, $input: UpdateSchoolInput!) { updateSchool(id: $id, input: $input) { id } }`, { id: gid.school(one.schools.schoolA), input: { code, version } }, token);
    const schoolB = await server.dataSource.getRepository(School).findOneByOrFail({ id: one.schools.schoolB.id });
    const outOfScope = answer(await update(otherSchool.code!));
    const inScope = answer(await update(schoolB.code!));
    expect(outOfScope).toEqual(inScope);
    expect(outOfScope.errors[0].message).toBe(CODE_CLASH);
    expect((await conflicts(one.users.cityCommittee, otherSchool.code!))[0]).toMatchObject({ subjectId: gid.school(otherSchool), organization: { id: gid.org(one.city) } });
  });
});

const CREATE_CANDIDATE = `mutation ($input: CreateCandidateInput!) { createCandidate(input: $input) { id } }`;
const UPDATE_CANDIDATE = `mutation ($id: ID!, $input: UpdateCandidateInput!) { updateCandidate(id: $id, input: $input) { id } }`;
const CREATE_MEMBER = `mutation ($input: CreateMemberInput!) { createMember(input: $input) { id } }`;
const UPDATE_MEMBER = `mutation ($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id } }`;

describe('national IDs', () => {
  it('createCandidate with a national ID held in another commune answers like one held in the cell; the committee above finds it', async () => {
    const token = server.tokenFor(one.users.secretaryA);
    const create = (nid: string) =>
      server.gql(CREATE_CANDIDATE, { input: { organizationId: gid.org(one.cells.cellA), fullName: 'Trần Văn Trùng', dateOfBirth: '1995-03-10', gender: 'MALE', category: 'TEACHER', educationLevel: 'UNIVERSITY', nationalId: nid } }, token);
    const { candidateOther, candidateA2 } = one.candidates;
    const outOfScope = answer(await create(candidateOther.nationalId!));
    const inScope = answer(await create(candidateA2.nationalId!));
    expect(outOfScope).toEqual(inScope);
    expect(outOfScope.errors[0]).toMatchObject({ message: NATIONAL_ID_CLASH, extensions: { code: 'BAD_USER_INPUT', problems: [{ field: 'nationalId', message: 'cannot be used' }] } });
    expect((await conflicts(one.users.cityCommittee, candidateOther.nationalId!))[0]).toMatchObject({ action: 'conflict.nationalId', subjectId: gid.candidate(candidateOther), organization: { id: gid.org(one.city) } });
    expect(await conflicts(one.users.communeCommittee, candidateOther.nationalId!)).toEqual([]);
  });

  it('updateCandidate to a national ID held elsewhere: the same answer, in scope or not', async () => {
    const token = server.tokenFor(one.users.secretaryA);
    const { candidateA1, candidateDirect, candidateA2 } = one.candidates;
    const version = async () =>
      ok(await server.gql<{ candidate: { version: number } }>(`query ($id: ID!) { candidate(id: $id) { version } }`, { id: gid.candidate(candidateA1) }, token)).candidate.version;
    const update = async (nid: string) => server.gql(UPDATE_CANDIDATE, { id: gid.candidate(candidateA1), input: { nationalId: nid, version: await version() } }, token);
    const outOfScope = answer(await update(candidateDirect.nationalId!));
    const inScope = answer(await update(candidateA2.nationalId!));
    expect(outOfScope).toEqual(inScope);
    expect(outOfScope.errors[0].message).toBe(NATIONAL_ID_CLASH);
    expect((await conflicts(one.users.cityCommittee, candidateDirect.nationalId!))[0]).toMatchObject({ subjectId: gid.candidate(candidateDirect), organization: { id: gid.org(one.city) } });
  });

  it("createMember and updateMember with a national ID another member holds: the same answer, in scope or not", async () => {
    const token = server.tokenFor(one.users.secretaryA);
    const { memberOther, memberDirect, otherMemberA, mentorA } = one.members;
    const create = (nid: string) => server.gql(CREATE_MEMBER, { input: { organizationId: gid.org(one.cells.cellA), fullName: 'Lê Văn Trùng', category: 'TEACHER', status: 'OFFICIAL', nationalId: nid } }, token);
    const createdOut = answer(await create(memberOther.nationalId!));
    const createdIn = answer(await create(otherMemberA.nationalId!));
    expect(createdOut).toEqual(createdIn);
    expect(createdOut.errors[0]).toMatchObject({ message: NATIONAL_ID_CLASH, extensions: { code: 'BAD_USER_INPUT' } });

    const version = await versionOf(gid.member(mentorA), token);
    const update = (nid: string) => server.gql(UPDATE_MEMBER, { id: gid.member(mentorA), input: { nationalId: nid, version } }, token);
    const updatedOut = answer(await update(memberDirect.nationalId!));
    const updatedIn = answer(await update(otherMemberA.nationalId!));
    expect(updatedOut).toEqual(updatedIn);
    expect(updatedOut).toEqual(createdOut);
    expect((await conflicts(one.users.cityCommittee, memberOther.nationalId!)).find((c) => c.changes?.attemptedIn === gid.org(one.cells.cellA))).toMatchObject({ subjectId: gid.member(memberOther) });
    expect((await conflicts(one.users.cityCommittee, memberDirect.nationalId!))[0]).toMatchObject({ subjectId: gid.member(memberDirect), organization: { id: gid.org(one.city) } });
  });
});

describe('emails', () => {
  it("createUser with an email held in another tenant, elsewhere in the tenant or in scope: one answer; the administrators and the committee above find it", async () => {
    const token = server.tokenFor(one.users.communeCommittee);
    const create = (email: string) =>
      server.gql(`mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`, { input: { email, displayName: 'Người Trùng Thư', role: 'CELL_SECRETARY', organizationId: gid.org(one.cells.cellA), password: 'mat-khau-du-dai-123' } }, token);
    const otherTenant = answer(await create(two.users.secretaryA.email));
    const sameTenant = answer(await create(one.users.secretaryDirect.email));
    const inScope = answer(await create(one.users.mentorA.email));
    expect(otherTenant).toEqual(sameTenant);
    expect(otherTenant).toEqual(inScope);
    expect(otherTenant.errors[0]).toMatchObject({ message: EMAIL_CLASH, extensions: { code: 'BAD_USER_INPUT', problems: [{ field: 'email', message: 'cannot be used' }] } });
    expect((await conflicts(admin, two.users.secretaryA.email))[0]).toMatchObject({ action: 'conflict.email', subjectId: gid.user(two.users.secretaryA), organization: null });
    expect((await conflicts(one.users.cityCommittee, one.users.secretaryDirect.email))[0]).toMatchObject({ subjectId: gid.user(one.users.secretaryDirect), organization: { id: gid.org(one.city) } });
    expect(await conflicts(one.users.communeCommittee, one.users.secretaryDirect.email)).toEqual([]);
    expect(await conflicts(one.users.cityCommittee, two.users.secretaryA.email)).toEqual([]);
  });
});
