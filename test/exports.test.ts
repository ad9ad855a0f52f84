import ExcelJS from 'exceljs';
import { startTestServer, ok, type TestServer } from './support/server';
import { isMysql } from './support/database';
import { gid } from './factories';
import { buildReportWorld, type ReportWorld } from './support/report/world';
import { PERIODS } from './support/report/periods';
import type { ExpectedStatistics } from './support/report/reference';
import { STATISTICS_QUERY, type GqlStatistics } from './support/report/statistics-query';
import type { User } from '../src/modules/user/user.entity';
import type { Organization } from '../src/modules/organization/organization.entity';

/**
 * The statistics export over HTTP: GET /reports/statistics.xlsx|csv?organizationId=&year=|schoolYear=|from=&to=
 * with the bearer token. The workbook is opened with exceljs and compared, figure by figure, with
 * what Query.statistics returns for the same caller and period; every export leaves an audit row.
 */
const CHILD_HEADERS = [
  'Đơn vị',
  'Số trường',
  'Trường có tổ chức đảng',
  'Chi bộ',
  'Chi bộ có BT là HT',
  'CBQL, GV, NV',
  'Đảng viên',
  'Tỷ lệ đảng viên',
  'Kết nạp',
  'Kết nạp học sinh',
  'Học lớp bồi dưỡng',
  'Quá hạn',
];
const RATIO_COLUMN = 8;
const LEVEL_HEADERS = ['Cấp học', 'Cán bộ quản lý', 'Giáo viên', 'Nhân viên', 'CBQL, GV, NV', 'Đảng viên', 'Đảng viên là giáo viên', 'Tỷ lệ đảng viên'];
const LEVEL_LABELS: Record<string, string> = { PRESCHOOL: 'Mầm non', PRIMARY: 'Tiểu học', LOWER_SECONDARY: 'THCS', UPPER_SECONDARY: 'THPT', CONTINUING: 'GDTX', HIGHER: 'Cao đẳng, đại học' };

function levelFigures(s: ExpectedStatistics): (string | number | null)[][] {
  return s.staff.byLevel.map((l) => [LEVEL_LABELS[l.level], l.managers, l.teachers, l.staff, l.total, l.members, l.teacherMembers, l.membersRatio]);
}

type Stats = GqlStatistics;

function childFigures(s: ExpectedStatistics & { organization: { name: string } | null }): (string | number | null)[] {
  return [
    s.organization?.name ?? '',
    s.schools.total,
    s.schools.withPartyOrganization,
    s.cells.total,
    s.cells.withPrincipalSecretary,
    s.staff.total,
    s.staff.members,
    s.staff.membersRatio,
    s.admissions.total,
    s.admissions.byCategory.find((c) => c.category === 'STUDENT')?.count ?? 0,
    s.awarenessClass.total,
    s.overdueDeadlines,
  ];
}

/** A CSV line split into fields (RFC 4180 quotes). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

describe(`exports: statistics as XLSX and CSV over HTTP (${isMysql() ? 'MySQL' : 'SQLite'})`, () => {
  let server: TestServer;
  let world: ReportWorld;

  beforeAll(async () => {
    server = await startTestServer();
    world = await buildReportWorld(server.dataSource);
  });
  afterAll(() => server.close());

  function exportUrl(format: string, params: Record<string, string>): URL {
    const url = new URL(`/reports/statistics.${format}`, server.app.url);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url;
  }

  async function download(format: string, params: Record<string, string>, user: User | null, rawToken?: string) {
    const headers: Record<string, string> = {};
    if (user) headers.authorization = `Bearer ${server.tokenFor(user)}`;
    if (rawToken !== undefined) headers.authorization = rawToken;
    const response = await fetch(exportUrl(format, params), { headers });
    return { response, buffer: Buffer.from(await response.arrayBuffer()) };
  }

  async function statistics(organization: Organization, period: Record<string, unknown>, user: User): Promise<Stats> {
    return ok(await server.gql<{ statistics: Stats }>(STATISTICS_QUERY, { id: gid.org(organization), period }, server.tokenFor(user))).statistics;
  }

  async function exportRows(): Promise<{ id: number; user_id: number; subject_id: number; organization_id: number; changes: string }[]> {
    return server.dataSource.query(`SELECT id, user_id, subject_id, organization_id, changes FROM audit_log WHERE action = 'report.export' ORDER BY id`);
  }

  async function workbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    return book;
  }

  const PARAMS: [string, Record<string, string>, Record<string, unknown>][] = [
    [PERIODS[0].name, { year: '2025' }, PERIODS[0].input],
    [PERIODS[1].name, { schoolYear: '2023' }, PERIODS[1].input],
    [PERIODS[2].name, { from: '2021-07-01', to: '2023-03-31' }, PERIODS[2].input],
  ];

  describe.each(PARAMS)('for %s', (_name, params, period) => {
    it("the XLSX has the sheets 'Tổng hợp' and 'Đơn vị trực thuộc' with Vietnamese headers and the GraphQL figures, stored as numbers", async () => {
      const { city } = world.tenants.one;
      const user = world.users.cityCommittee;
      const { response, buffer } = await download('xlsx', { organizationId: gid.org(city), ...params }, user);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.xlsx"$/);
      const s = await statistics(city, period, user);
      const book = await workbook(buffer);
      expect(book.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Đơn vị trực thuộc', 'Theo cấp học']);

      // Totals: (label, value) rows under the header.
      const totals = book.getWorksheet('Tổng hợp')!;
      expect([totals.getRow(1).getCell(1).value, totals.getRow(1).getCell(2).value]).toEqual(['Chỉ tiêu', 'Số liệu']);
      const byLabel = new Map<string, ExcelJS.Cell>();
      totals.eachRow((row, n) => {
        if (n > 1) byLabel.set(String(row.getCell(1).value), row.getCell(2));
      });
      expect(byLabel.get('Đơn vị')?.value).toBe(city.name);
      expect(byLabel.get('Kỳ báo cáo')?.value).toBe(s.period.label);
      expect(byLabel.get('Từ ngày')?.value).toBe(s.period.from);
      expect(byLabel.get('Đến ngày')?.value).toBe(s.period.to);
      const expected: [string, number][] = [
        ['Số trường', s.schools.total],
        ['Số trường có tổ chức đảng', s.schools.withPartyOrganization],
        ['Số chi bộ trường học', s.cells.total],
        ['Chi bộ có Bí thư là Hiệu trưởng', s.cells.withPrincipalSecretary],
        ['Cán bộ quản lý', s.staff.managers],
        ['Giáo viên', s.staff.teachers],
        ['Nhân viên', s.staff.staff],
        ['Tổng số CBQL, GV, NV', s.staff.total],
        ['Đảng viên trong CBQL, GV, NV', s.staff.members],
        ['Đảng viên chính thức', s.staff.officialMembers],
        ['Đảng viên dự bị', s.staff.probationaryMembers],
        ['Đảng viên là giáo viên', s.staff.teacherMembers],
        ['Kết nạp trong kỳ', s.admissions.total],
        ['Công nhận đảng viên chính thức trong kỳ', s.officialRecognitions.total],
        ['Học lớp bồi dưỡng nhận thức về Đảng', s.awarenessClass.total],
        ['Trong đó học sinh', s.awarenessClassStudents],
        ['Quá hạn (hiện tại)', s.overdueDeadlines],
      ];
      const student = s.admissions.byCategory.find((c) => c.category === 'STUDENT');
      if (student) expected.push(['Kết nạp: Học sinh', student.count]);
      const teacher = s.admissions.byCategory.find((c) => c.category === 'TEACHER');
      if (teacher) expected.push(['Kết nạp: Giáo viên', teacher.count]);
      const thpt = s.schools.byLevel.find((l) => l.level === 'UPPER_SECONDARY');
      expect(thpt).toBeDefined();
      expected.push(['Trường THPT', thpt!.schools]);
      // Staff and members per school level.
      expect(s.staff.byLevel.length).toBeGreaterThan(1);
      for (const l of s.staff.byLevel) {
        expected.push([`CBQL, GV, NV trường ${LEVEL_LABELS[l.level]}`, l.total], [`Đảng viên trường ${LEVEL_LABELS[l.level]}`, l.members]);
        const levelRatio = byLabel.get(`Tỷ lệ đảng viên trường ${LEVEL_LABELS[l.level]}`);
        expect({ level: l.level, ratio: levelRatio?.value ?? null, numFmt: levelRatio?.numFmt }).toEqual({ level: l.level, ratio: l.membersRatio, numFmt: '0.00%' });
      }
      for (const [label, value] of expected) {
        const cell = byLabel.get(label);
        expect({ label, value: cell?.value, type: cell?.type }).toEqual({ label, value, type: ExcelJS.ValueType.Number });
        expect(typeof cell?.value).toBe('number');
      }
      // Every figure below the four text rows is a number (a ratio may be empty), never text.
      totals.eachRow((row, n) => {
        const label = String(row.getCell(1).value);
        const value = row.getCell(2).value;
        if (n > 5) expect({ label, type: label.startsWith('Tỷ lệ') && value === null ? 'number' : typeof value }).toEqual({ label, type: 'number' });
      });
      const ratio = byLabel.get('Tỷ lệ đảng viên / CBQL, GV, NV')!;
      expect(s.staff.membersRatio).not.toBeNull();
      expect(ratio.numFmt).toBe('0.00%');
      expect(ratio.type).toBe(ExcelJS.ValueType.Number);
      expect(ratio.value).toBe(s.staff.membersRatio);

      // Children: a header row, then one row per child in byChild's order with the same figures.
      const children = book.getWorksheet('Đơn vị trực thuộc')!;
      expect((children.getRow(1).values as unknown[]).slice(1)).toEqual(CHILD_HEADERS);
      expect(children.rowCount).toBe(1 + s.byChild.length);
      expect(s.byChild).toHaveLength(4);
      s.byChild.forEach((child, i) => {
        const row = children.getRow(i + 2);
        const values = CHILD_HEADERS.map((_h, c) => row.getCell(c + 1).value ?? null);
        expect(values).toEqual(childFigures(child));
        for (let c = 2; c <= CHILD_HEADERS.length; c++) {
          if (row.getCell(c).value !== null) expect({ child: child.organization?.name, column: CHILD_HEADERS[c - 1], type: row.getCell(c).type }).toEqual({ child: child.organization?.name, column: CHILD_HEADERS[c - 1], type: ExcelJS.ValueType.Number });
        }
        expect(row.getCell(RATIO_COLUMN).numFmt).toBe('0.00%');
      });

      // School levels: a header row, then one row per level of staff.byLevel.
      const levels = book.getWorksheet('Theo cấp học')!;
      expect((levels.getRow(1).values as unknown[]).slice(1)).toEqual(LEVEL_HEADERS);
      expect(levels.rowCount).toBe(1 + s.staff.byLevel.length);
      levelFigures(s).forEach((expectedRow, i) => {
        const row = levels.getRow(i + 2);
        expect(LEVEL_HEADERS.map((_h, c) => row.getCell(c + 1).value ?? null)).toEqual(expectedRow);
        expect(row.getCell(LEVEL_HEADERS.length).numFmt).toBe('0.00%');
      });
    });

    it('the CSV with table=levels has one row per school level, with the same numbers', async () => {
      const { city } = world.tenants.one;
      const user = world.users.cityCommittee;
      const { response, buffer } = await download('csv', { organizationId: gid.org(city), table: 'levels', ...params }, user);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="thong-ke-cap-hoc-.+\.csv"$/);
      const text = buffer.toString('utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const lines = text.slice(1).split('\r\n');
      expect(lines.pop()).toBe('');
      const s = await statistics(city, period, user);
      expect(csvFields(lines[0])).toEqual(LEVEL_HEADERS);
      expect(lines.slice(1).map(csvFields)).toEqual(
        levelFigures(s).map((row) => row.map((value, c) => (value === null ? '' : c === LEVEL_HEADERS.length - 1 ? `${((value as number) * 100).toFixed(2)}%` : String(value)))),
      );
    });

    it('the CSV has a UTF-8 BOM, the header row, the root then the children, with the same numbers', async () => {
      const { c2 } = world.tenants.one;
      const user = world.users.cityCommittee;
      const { response, buffer } = await download('csv', { organizationId: gid.org(c2), ...params }, user);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/i);
      expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = buffer.toString('utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const lines = text.slice(1).split('\r\n');
      expect(lines[lines.length - 1]).toBe('');
      lines.pop();
      const s = await statistics(c2, period, user);
      expect(s.byChild).toHaveLength(6);
      expect(csvFields(lines[0])).toEqual(CHILD_HEADERS);
      expect(lines).toHaveLength(2 + s.byChild.length);
      [s, ...s.byChild].forEach((figures, i) => {
        const expected = childFigures(figures).map((value, c) =>
          value === null ? '' : c === RATIO_COLUMN - 1 ? `${((value as number) * 100).toFixed(2)}%` : String(value),
        );
        expect(csvFields(lines[i + 1])).toEqual(expected);
      });
      expect(csvFields(lines[1])[0]).toBe(c2.name);
    });
  });

  it('a school year with a null ratio exports an empty ratio cell (no headcounts yet)', async () => {
    const { c2e } = world.tenants.one.cells;
    const user = world.users.cityCommittee;
    const s = await statistics(c2e, PERIODS[0].input, user);
    expect(s.staff.membersRatio).toBeNull();
    const { buffer } = await download('csv', { organizationId: gid.org(c2e), year: '2025' }, user);
    const lines = buffer.toString('utf8').slice(1).split('\r\n');
    expect(csvFields(lines[1])[RATIO_COLUMN - 1]).toBe('');
    const xlsx = await download('xlsx', { organizationId: gid.org(c2e), year: '2025' }, user);
    const totals = (await workbook(xlsx.buffer)).getWorksheet('Tổng hợp')!;
    let ratio: ExcelJS.CellValue | undefined;
    totals.eachRow((row) => {
      if (row.getCell(1).value === 'Tỷ lệ đảng viên / CBQL, GV, NV') ratio = row.getCell(2).value;
    });
    expect(ratio ?? null).toBeNull();
  });

  it('a reporter and a cell secretary export their own scope with the same figures as the committee', async () => {
    const { city, cells } = world.tenants.one;
    const committee = await download('csv', { organizationId: gid.org(city), year: '2025' }, world.users.cityCommittee);
    const reporter = await download('csv', { organizationId: gid.org(city), year: '2025' }, world.users.reporter);
    expect(reporter.response.status).toBe(200);
    expect(reporter.buffer.toString('utf8')).toBe(committee.buffer.toString('utf8'));
    const secretary = await download('csv', { organizationId: gid.org(cells.c1a), year: '2025' }, world.users.secretaryC1a);
    expect(secretary.response.status).toBe(200);
    const s = await statistics(cells.c1a, PERIODS[0].input, world.users.secretaryC1a);
    const lines = secretary.buffer.toString('utf8').slice(1).split('\r\n');
    expect(csvFields(lines[1]).slice(1, 7)).toEqual(childFigures(s).slice(1, 7).map(String));
  });

  describe('errors', () => {
    it.each([
      ['no token', null, undefined],
      ['a malformed token', null, 'Bearer not-a-token'],
      ['a scheme other than Bearer', null, 'Basic dXNlcjpwYXNz'],
    ])('%s: 401', async (_label, user, raw) => {
      const { response, buffer } = await download('xlsx', { organizationId: gid.org(world.tenants.one.city), year: '2025' }, user, raw);
      expect(response.status).toBe(401);
      expect(JSON.parse(buffer.toString('utf8')).error.code).toBe('UNAUTHENTICATED');
    });

    it('an organization outside the caller’s scope: 404 NOT_FOUND, worded like a missing one', async () => {
      const { one, two } = world.tenants;
      for (const [user, org] of [
        [world.users.cityCommittee, two.city],
        [world.users.reporter, two.cells.h1],
        [world.users.c1Committee, one.c2],
        [world.users.secretaryC1a, one.cells.c1b],
        [world.users.twoCityCommittee, one.city],
      ] as const) {
        for (const format of ['xlsx', 'csv']) {
          const { response, buffer } = await download(format, { organizationId: gid.org(org), year: '2025' }, user);
          expect({ org: org.name, format, status: response.status, code: JSON.parse(buffer.toString('utf8')).error.code }).toEqual({ org: org.name, format, status: 404, code: 'NOT_FOUND' });
        }
      }
      const missing = await download('csv', { organizationId: gid.org({ id: 987654 }), year: '2025' }, world.users.cityCommittee);
      const outside = await download('csv', { organizationId: gid.org(two.city), year: '2025' }, world.users.cityCommittee);
      expect(JSON.parse(outside.buffer.toString('utf8')).error.message).toBe(JSON.parse(missing.buffer.toString('utf8')).error.message);
    });

    it('a mentor: 403 FORBIDDEN', async () => {
      const { response } = await download('csv', { organizationId: gid.org(world.tenants.one.cells.c1a), year: '2025' }, world.users.mentorC1a);
      expect(response.status).toBe(403);
    });

    it.each([
      ['a year that is not one', { year: '20x5' }],
      ['a two-digit year', { year: '25' }],
      // PeriodInput takes years from 1990 to 2100 (GraphQL answers BAD_USER_INPUT); the export must too.
      ['a year out of range (1800)', { year: '1800' }],
      ['a school year that is not one', { schoolYear: 'năm 2023' }],
      ['two forms at once', { year: '2025', schoolYear: '2025' }],
      ['from after to', { from: '2025-06-01', to: '2025-01-01' }],
      ['a range without to', { from: '2025-01-01' }],
      ['a date that is not one', { from: '2025-13-01', to: '2025-12-31' }],
      ['no organizationId', { year: '2025', organizationId: '' }],
      ['an id of something else', { year: '2025', organizationId: 'bm90LWFuLWlk' }],
      ['a table of the workbook (every table is in it)', { year: '2025', table: 'levels' }],
      ['a CSV table that does not exist', { year: '2025', table: 'people' }, 'csv'],
    ])('%s: 400 BAD_USER_INPUT', async (_label, params, format = 'xlsx') => {
      const query: Record<string, string> = { organizationId: gid.org(world.tenants.one.city), ...params };
      if (query.organizationId === '') delete query.organizationId;
      const { response, buffer } = await download(format, query, world.users.cityCommittee);
      const body = response.headers.get('content-type')?.includes('json') ? JSON.parse(buffer.toString('utf8')) : { contentType: response.headers.get('content-type') };
      expect({ status: response.status, code: body.error?.code }).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    });

    it('a format other than xlsx or csv: 404', async () => {
      const { response } = await download('pdf', { organizationId: gid.org(world.tenants.one.city), year: '2025' }, world.users.cityCommittee);
      expect(response.status).toBe(404);
    });
  });

  it("writes one audit_log row 'report.export' per export, and none for a refused one", async () => {
    const { city, c1 } = world.tenants.one;
    const before = await exportRows();
    await download('xlsx', { organizationId: gid.org(city), year: '2025' }, world.users.cityCommittee);
    await download('csv', { organizationId: gid.org(c1), schoolYear: '2023' }, world.users.reporter);
    await download('csv', { organizationId: gid.org(world.tenants.two.city), year: '2025' }, world.users.cityCommittee); // 404
    await download('csv', { organizationId: gid.org(city), year: 'abcd' }, world.users.cityCommittee); // 400
    await download('csv', { organizationId: gid.org(city), year: '2025' }, null); // 401
    const after = await exportRows();
    const added = after.slice(before.length);
    expect(added).toHaveLength(2);
    expect(added.map((row) => [Number(row.user_id), Number(row.subject_id), Number(row.organization_id)])).toEqual([
      [world.users.cityCommittee.id, city.id, city.id],
      [world.users.reporter.id, c1.id, c1.id],
    ]);
    expect(JSON.parse(added[0].changes)).toEqual(expect.objectContaining({ format: 'xlsx', period: '2025' }));
    expect(JSON.parse(added[1].changes)).toEqual(expect.objectContaining({ format: 'csv', period: 'năm học 2023-2024' }));
    // The committee reads the export in its audit log.
    const log = ok(await server.gql<{ auditLog: { nodes: { action: string; subjectType: string; subjectId: string; user: { id: string } | null }[] } }>(`{ auditLog(first: 100) { nodes { action subjectType subjectId user { id } } } }`, {}, server.tokenFor(world.users.cityCommittee)));
    const exports = log.auditLog.nodes.filter((n) => n.action === 'report.export');
    expect(exports.length).toBeGreaterThanOrEqual(2);
    expect(exports.some((n) => n.subjectType === 'Organization' && n.subjectId === gid.org(city))).toBe(true);
  });
});
