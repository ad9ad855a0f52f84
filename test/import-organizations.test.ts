import ExcelJS from 'exceljs';
import { startTestServer, ok, type TestServer } from './support/server';
import { postImport, workbook, type ImportReport as Report } from './support/imports';
import { buildCell, buildOrganization, buildUser, gid } from './factories';
import { Role } from '../src/domain/enums';
import { AuditLog } from '../src/modules/audit/audit.entity';
import type { Organization } from '../src/modules/organization/organization.entity';
import type { User } from '../src/modules/user/user.entity';

/** Import of organizations with their schools and a year's headcounts (POST /imports/organizations). */
const HEADERS = ['Mã đơn vị', 'Tên đơn vị', 'Loại', 'Mã đơn vị cấp trên', 'Tên trường', 'Bậc học', 'Năm học', 'Cán bộ quản lý', 'Giáo viên', 'Nhân viên', 'Học sinh', 'Học sinh lớp 12'];

let server: TestServer;
let city: Organization;
let committee: User;
let secretary: User;
let base: string;
const P = `ORG${Date.now() % 100000}`;

beforeAll(async () => {
  server = await startTestServer();
  city = await buildOrganization(server.dataSource, null, { name: 'Huyện ủy Nhập Đơn Vị', code: `${P}-ROOT` });
  committee = await buildUser(server.dataSource, Role.COMMITTEE, city);
  const { cell } = await buildCell(server.dataSource, city, { code: `${P}-OLD` });
  secretary = await buildUser(server.dataSource, Role.CELL_SECRETARY, cell);
  base = server.app.url.replace(/\/graphql$/, '');
});

afterAll(async () => {
  await server.close();
});

function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  return workbook('Đơn vị', HEADERS, rows);
}

function post(body: Buffer, query: Record<string, string> = {}, user: User = committee): Promise<{ status: number; body: Report }> {
  return postImport(server, 'organizations', body, { organizationId: gid.org(city), token: server.tokenFor(user), query });
}

interface SchoolRow {
  name: string;
  level: string;
  organization: { code: string } | null;
  headcounts: { schoolYear: number; teachers: number; students: number }[];
}

async function schools(): Promise<(SchoolRow & { headcount: { teachers: number; students: number } | null })[]> {
  const data = ok(
    await server.gql<{ schools: { nodes: SchoolRow[] } }>(
      `query ($filter: SchoolFilter) { schools(filter: $filter, first: 100) { nodes { name level organization { code } headcounts { schoolYear teachers students } } } }`,
      { filter: { under: gid.org(city) } },
      server.tokenFor(committee),
    ),
  );
  return data.schools.nodes.map((s) => ({ ...s, headcount: s.headcounts.find((h) => h.schoolYear === 2025) ?? null }));
}

const reasons = (report: Report) => report.problems.map((p) => `${p.row}|${p.column}|${p.reason}`);

const tree = () => [
  [`${P}-XA`, 'Đảng ủy xã Nhập Đơn Vị', 'Đảng ủy xã / phường / thị trấn', `${P}-ROOT`, '', '', '', '', '', '', '', ''],
  [`${P}-C1`, 'Chi bộ Trường THCS Một', 'Chi bộ trường', `${P}-XA`, 'Trường THCS Một', 'Trung học cơ sở', '2025-2026', 3, 40, 6, 620, 0],
  [`${P}-C2`, 'Chi bộ Trường THPT Hai', 'SCHOOL_CELL', `${P}-ROOT`, 'Trường THPT Hai', 'UPPER_SECONDARY', 2025, 4, 70, 9, 1100, 350],
];

describe('organizations import', () => {
  it('the template has the headers and a drop-down for the kind', async () => {
    const response = await fetch(`${base}/imports/templates/organizations.xlsx`, { headers: { authorization: `Bearer ${server.tokenFor(committee)}` } });
    expect(response.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    const sheet = book.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(sheet.getCell('C5').dataValidation?.type).toBe('list');
    expect(sheet.getCell('F5').dataValidation?.type).toBe('list');
  });

  it('creates the tree in file order with schools and headcounts; re-import is unchanged; a changed row updates', async () => {
    const file = await xlsx(tree());
    const dry = await post(file, { dryRun: 'true' });
    expect(dry.body).toMatchObject({ written: false, rows: 3, created: 3, rejected: 0, problems: [] });
    expect(await schools()).toHaveLength(1);

    const real = await post(file, { fileName: 'don-vi.xlsx' });
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({ written: true, created: 3, rejected: 0 });
    const listed = await schools();
    expect(listed.find((s) => s.name === 'Trường THCS Một')).toMatchObject({ level: 'LOWER_SECONDARY', organization: { code: `${P}-C1` }, headcount: { teachers: 40, students: 620 } });
    expect(listed.find((s) => s.name === 'Trường THPT Hai')).toMatchObject({ level: 'UPPER_SECONDARY', headcount: { teachers: 70 } });

    expect((await post(file)).body).toMatchObject({ created: 0, updated: 0, unchanged: 3, rejected: 0 });
    const changed = tree();
    changed[1][8] = 44;
    const updated = await post(await xlsx(changed));
    expect(updated.body).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    expect((await schools()).find((s) => s.name === 'Trường THCS Một')?.headcount?.teachers).toBe(44);
    const audit = await server.dataSource.getRepository(AuditLog).findOne({ where: { action: 'import.organizations', subjectId: city.id }, order: { id: 'ASC' } });
    expect(JSON.parse(audit?.changes ?? '{}')).toMatchObject({ dryRun: true, created: 3 });
  });

  it('rejects bad rows with the column and reason, all or nothing', async () => {
    const file = await xlsx([
      [`${P}-C3`, 'Chi bộ con trước cha', 'Chi bộ trường', `${P}-C4P`, '', '', '', '', '', '', '', ''],
      [`${P}-C4P`, 'Đảng bộ trường Bốn', 'Đảng bộ trường', `${P}-ROOT`, '', '', '', '', '', '', '', ''],
      [`${P}-C5`, 'Chi bộ không cha', 'Chi bộ trường', 'KHONG-CO', '', '', '', '', '', '', '', ''],
      [`${P}-X2`, 'Xã dưới chi bộ', 'Đảng ủy xã / phường / thị trấn', `${P}-C1`, '', '', '', '', '', '', '', ''],
      [`${P}-X3`, 'Xã có trường', 'COMMUNE_COMMITTEE', `${P}-ROOT`, 'Trường Lạ', 'Tiểu học', 2025, '', '', '', '', ''],
      [`${P}-C6`, 'Chi bộ thiếu bậc', 'Chi bộ trường', `${P}-ROOT`, 'Trường Sáu', '', '', '', '', '', '', ''],
      [`${P}-C1`, 'Chi bộ chuyển cha', 'Chi bộ trường', `${P}-ROOT`, '', '', '', '', '', '', '', ''],
      [`${P}-C4P`, 'Trùng mã', 'Đảng bộ trường', `${P}-ROOT`, '', '', '', '', '', '', '', ''],
    ]);
    const refused = await post(file);
    expect(refused.status).toBe(400);
    expect(reasons(refused.body)).toEqual([
      `2|Mã đơn vị cấp trên|the parent's row (3) must come before this one`,
      '4|Mã đơn vị cấp trên|unknown parent organization: KHONG-CO',
      '5|Loại|a COMMUNE_COMMITTEE cannot sit under a SCHOOL_CELL',
      '6|Tên trường|only a school cell or school committee has a school of its own',
      '7|Bậc học|required with a new school',
      '8|Mã đơn vị cấp trên|the organization exists under another parent: move it in the application',
      '9|Mã đơn vị|duplicate code in the file (row 3)',
    ]);
    const partial = await post(file, { validOnly: 'true' });
    expect(partial.body).toMatchObject({ written: true, created: 1, rejected: 7 });
  });

  it('a row tells all its problems at once: its code, its parent, its kind and its headcounts', async () => {
    const file = await xlsx([
      [`${P}-ALL`, 'Chi bộ nhiều lỗi', 'Chi bộ trường', `${P}-ROOT`, '', '', '', '', '', '', '', ''],
      [`${P}-ALL`, 'Chi bộ nhiều lỗi hai', 'Chi bộ lạ', 'KHONG-CO-CHA', '', 'Tiểu học', '', 'ba', 40, '', '', ''],
      [`${P}-X9`, 'Xã có sĩ số', 'COMMUNE_COMMITTEE', `${P}-C1`, 'Trường Lạ', 'Tiểu học', '', 3, 40, '', 100, 200],
    ]);
    const refused = await post(file, { dryRun: 'true' });
    expect(reasons(refused.body)).toEqual([
      '3|Loại|unknown value: Chi bộ lạ',
      '3|Cán bộ quản lý|not a whole number: ba',
      '3|Mã đơn vị|duplicate code in the file (row 2)',
      '3|Mã đơn vị cấp trên|unknown parent organization: KHONG-CO-CHA',
      '3|Tên trường|headcounts need the school',
      '3|Năm học|required with headcounts',
      '4|Loại|a COMMUNE_COMMITTEE cannot sit under a SCHOOL_CELL',
      '4|Tên trường|only a school cell or school committee has a school of its own',
      '4|Năm học|required with headcounts',
      '4|Học sinh lớp 12|cannot exceed the students',
    ]);
    expect(refused.body).toMatchObject({ created: 1, rejected: 2 });
  });

  it('only committees import organizations', async () => {
    const response = await post(await xlsx(tree()), {}, secretary);
    expect(response.status).toBe(403);
  });
});
