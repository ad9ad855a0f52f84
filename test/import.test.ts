import ExcelJS from 'exceljs';
import { startTestServer, ok, type TestServer } from './support/server';
import { postImport, workbook, XLSX, type ImportReport as Report } from './support/imports';
import { buildCell, buildOrganization, buildUser, gid } from './factories';
import { Role } from '../src/domain/enums';
import { AuditLog } from '../src/modules/audit/audit.entity';
import { CandidateStageEvent } from '../src/modules/candidate/candidate.entity';
import type { Organization } from '../src/modules/organization/organization.entity';
import type { User } from '../src/modules/user/user.entity';

/**
 * Spreadsheet import over HTTP (POST /imports/members|candidates with the file as the body),
 * into an empty tenant, checked through the GraphQL lists; the templates open with exceljs.
 */
const MEMBER_HEADERS = ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Đối tượng', 'Trạng thái', 'Ngày vào Đảng', 'Ngày chính thức', 'Bí thư', 'Hiệu trưởng', 'Số CCCD', 'Mã chi bộ'];
const CANDIDATE_HEADERS = ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Đối tượng', 'Trình độ', 'Lớp', 'Đoàn viên', 'Giai đoạn', 'Ngày đạt giai đoạn', 'Số CCCD', 'Điện thoại', 'Mã chi bộ'];
const STEP_HEADERS = ['Ngày cảm tình Đảng', 'Ngày học lớp bồi dưỡng', 'Ngày hoàn thiện hồ sơ', 'Ngày chi bộ xét', 'Ngày đảng ủy xét', 'Ngày quyết định kết nạp', 'Ngày kết nạp', 'Ngày chính thức'];
const CANDIDATE_TEMPLATE_HEADERS = [...CANDIDATE_HEADERS, ...STEP_HEADERS];

let server: TestServer;
let city: Organization;
let cellA: Organization;
let cellB: Organization;
let committee: User;
let secretaryA: User;
let base: string;

beforeAll(async () => {
  server = await startTestServer();
  const ds = server.dataSource;
  city = await buildOrganization(ds, null, { name: 'Huyện ủy Nhập Liệu' });
  const commune = await buildOrganization(ds, city, { name: 'Đảng ủy xã Nhập Liệu' });
  cellA = (await buildCell(ds, commune, { name: 'Chi bộ Trường THCS Nhập Liệu', code: `IMP-A-${Date.now()}` })).cell;
  cellB = (await buildCell(ds, commune, { name: 'Chi bộ Trường Tiểu học Nhập Liệu', code: `IMP-B-${Date.now()}` })).cell;
  committee = await buildUser(ds, Role.COMMITTEE, city);
  secretaryA = await buildUser(ds, Role.CELL_SECRETARY, cellA);
  base = server.app.url.replace(/\/graphql$/, '');
});

afterAll(async () => {
  await server.close();
});

function xlsx(headers: string[], rows: (string | number | Date | null)[][]): Promise<Buffer> {
  return workbook('Dữ liệu', headers, rows);
}

function post(kind: string, body: Buffer | string, query: Record<string, string>, user: User = committee, type = XLSX): Promise<{ status: number; body: Report }> {
  return postImport(server, kind, body, { organizationId: gid.org(city), token: server.tokenFor(user), query, type });
}

async function members(): Promise<{ fullName: string; status: string; category: string; isSecretary: boolean; nationalId: string | null }[]> {
  const data = ok(
    await server.gql<{ members: { nodes: { fullName: string; status: string; category: string; isSecretary: boolean; nationalId: string | null }[] } }>(
      `query ($filter: MemberFilter) { members(filter: $filter, first: 100) { nodes { fullName status category isSecretary nationalId } } }`,
      { filter: { under: gid.org(city) } },
      server.tokenFor(committee),
    ),
  );
  return data.members.nodes;
}

async function candidates(): Promise<{ id: string; fullName: string; stage: string; educationLevel: string }[]> {
  const data = ok(
    await server.gql<{ candidates: { nodes: { id: string; fullName: string; stage: string; educationLevel: string }[] } }>(
      `query ($filter: CandidateFilter) { candidates(filter: $filter, first: 100) { nodes { id fullName stage educationLevel } } }`,
      { filter: { under: gid.org(city) } },
      server.tokenFor(committee),
    ),
  );
  return data.candidates.nodes;
}

const reasons = (report: Report) => report.problems.map((p) => `${p.row}|${p.column}|${p.reason}`);

describe('templates', () => {
  it.each([
    ['members', MEMBER_HEADERS, 'D'],
    ['candidates', CANDIDATE_TEMPLATE_HEADERS, 'H'],
  ])('%s.xlsx has the headers, an example row and drop-down lists', async (kind, headers, listColumn) => {
    const response = await fetch(`${base}/imports/templates/${kind}.xlsx`, { headers: { authorization: `Bearer ${server.tokenFor(secretaryA)}` } });
    expect(response.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    const sheet = book.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(headers);
    expect(sheet.getCell('A2').value).toBeTruthy();
    const validation = sheet.getCell(`${listColumn}5`).dataValidation;
    expect(validation?.type).toBe('list');
    expect(String(validation?.formulae?.[0])).toContain('Danh mục');
    expect(sheet.getCell('C2').dataValidation?.type).toBe('list');
  });

  it('needs a login', async () => {
    expect((await fetch(`${base}/imports/templates/members.xlsx`)).status).toBe(401);
    expect((await fetch(`${base}/imports/members`, { method: 'POST', body: 'x' })).status).toBe(401);
  });
});

describe('members', () => {
  const rows = () => [
    ['Nguyễn Thị Lan', '15/08/1985', 'Nữ', 'Giáo viên', 'Chính thức', '19/05/2015', '2016-05-19', 'Có', 'Không', '001185012345', cellA.code],
    ['Trần Văn Bình', '1980-02-01', 'MALE', 'MANAGER', 'OFFICIAL', '03/02/2010', '03/02/2011', 'Không', 'Có', '', cellA.code],
    ['Lê Thị Cúc', '01/01/1990', 'Nữ', 'Nhân viên', 'Dự bị', '02/09/2024', '', 'Không', 'Không', '001190054321', cellB.code],
  ];

  it('a dry run reports and writes nothing; the real run writes; re-import is unchanged; a changed file updates', async () => {
    const file = await xlsx(MEMBER_HEADERS, rows());
    const dry = await post('members', file, { dryRun: 'true', fileName: 'dang-vien.xlsx' });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ kind: 'members', dryRun: true, written: false, rows: 3, created: 3, updated: 0, unchanged: 0, rejected: 0, problems: [] });
    expect(await members()).toHaveLength(0);

    const real = await post('members', file, { fileName: 'dang-vien.xlsx' });
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({ written: true, created: 3, rejected: 0 });
    const listed = await members();
    expect(listed.map((m) => m.fullName).sort()).toEqual(['Lê Thị Cúc', 'Nguyễn Thị Lan', 'Trần Văn Bình']);
    expect(listed.find((m) => m.fullName === 'Nguyễn Thị Lan')).toMatchObject({ isSecretary: true, category: 'TEACHER', nationalId: '001185012345' });
    expect(listed.find((m) => m.fullName === 'Lê Thị Cúc')).toMatchObject({ status: 'PROBATIONARY', category: 'STAFF' });

    const again = await post('members', file, {});
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, rejected: 0 });

    const changed = rows();
    changed[2][4] = 'Chính thức';
    // Official once the 12 months of probation are over.
    changed[2][6] = '02/09/2025';
    const updated = await post('members', await xlsx(MEMBER_HEADERS, changed), {});
    expect(updated.body).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    expect((await members()).find((m) => m.fullName === 'Lê Thị Cúc')?.status).toBe('OFFICIAL');

    const audits = await server.dataSource.getRepository(AuditLog).find({ where: { action: 'import.members' }, order: { id: 'ASC' } });
    expect(audits.length).toBeGreaterThanOrEqual(4);
    expect(audits[0]).toMatchObject({ userId: committee.id, subjectId: city.id });
    expect(JSON.parse(audits[0].changes ?? '{}')).toMatchObject({ fileName: 'dang-vien.xlsx', dryRun: true, created: 3, rows: 3 });
  });

  it('rejects every bad row with its column and reason; nothing is written unless validOnly', async () => {
    const before = (await members()).length;
    const file = await xlsx(MEMBER_HEADERS, [
      ['Phạm Văn Đúng', '01/01/1991', 'Nam', 'Giáo viên', 'Chính thức', '', '', '', '', '', cellB.code],
      ['Sai Mã Chi Bộ', '01/01/1991', 'Nam', 'Giáo viên', '', '', '', '', '', '', 'KHONG-CO'],
      ['Sai Ngày', '2020/13/45', 'Nam', 'Giáo viên', '', '', '', '', '', '', cellB.code],
      ['Sai CCCD', '01/01/1992', 'Nam', 'Giáo viên', '', '', '', '', '', '12345x', cellB.code],
      ['Trùng Một', '01/01/1993', 'Nam', 'Giáo viên', '', '', '', '', '', '001093000001', cellB.code],
      ['Trùng Hai', '01/01/1994', 'Nam', 'Giáo viên', '', '', '', '', '', '001093000001', cellB.code],
      ['Sai Đối Tượng', '01/01/1995', 'Nam', 'Giáo sư', '', '', '', '', '', '', cellB.code],
      ['Người Khác', '01/01/1996', 'Nam', 'Giáo viên', '', '', '', '', '', '001185012345', cellB.code],
    ]);
    const dry = await post('members', file, { dryRun: 'true' });
    expect(dry.body).toMatchObject({ rows: 8, created: 2, rejected: 6 });
    expect(reasons(dry.body)).toEqual([
      '3|Mã chi bộ|unknown cell: KHONG-CO',
      '4|Ngày sinh|date in the wrong format (dd/mm/yyyy or yyyy-mm-dd): 2020/13/45',
      '5|Số CCCD|not only digits: a national ID has exactly 12 digits (CCCD) or 9 (old CMND)',
      '7|Số CCCD|duplicate national id in the file (row 6)',
      '8|Đối tượng|unknown value: Giáo sư',
      '9|Số CCCD|this national ID cannot be used; if it should be, ask the committee above',
    ]);

    const refused = await post('members', file, {});
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ written: false, rejected: 6 });
    expect(await members()).toHaveLength(before);

    const partial = await post('members', file, { validOnly: 'true' });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ written: true, created: 2, rejected: 6 });
    expect(await members()).toHaveLength(before + 2);
  });

  it('a cell secretary imports only into its cell: another cell, which it cannot read, reads as unknown', async () => {
    const file = await xlsx(MEMBER_HEADERS, [
      ['Hoàng Văn Trong', '01/01/1988', 'Nam', 'Giáo viên', '', '', '', '', '', '', cellA.code],
      ['Hoàng Văn Ngoài', '01/01/1988', 'Nam', 'Giáo viên', '', '', '', '', '', '', cellB.code],
    ]);
    const own = await post('members', file, { organizationId: gid.org(cellA) }, secretaryA);
    expect(own.status).toBe(400);
    expect(reasons(own.body)).toEqual([`3|Mã chi bộ|unknown cell: ${cellB.code}`]);
    const above = await post('members', file, { validOnly: 'true' }, secretaryA);
    expect(above.body).toMatchObject({ written: true, created: 1, rejected: 1 });
    expect(reasons(above.body)).toEqual([`3|Mã chi bộ|unknown cell: ${cellB.code}`]);
    const names = (await members()).map((m) => m.fullName);
    expect(names).toContain('Hoàng Văn Trong');
    expect(names).not.toContain('Hoàng Văn Ngoài');
  });

  it('reads CSV (BOM, quotes, dd/mm/yyyy) and normalizes names to NFC', async () => {
    const decomposed = 'Đặng Thị Hồng'.normalize('NFD');
    const csv = '\uFEFF' + MEMBER_HEADERS.join(',') + '\r\n' + `"${decomposed}",07/07/1987,Nữ,Giáo viên,Chính thức,"01/06/2012",01/06/2013,Không,Không,001187077777,${cellA.code}\r\n`;
    const first = await post('members', csv, {}, committee, 'text/csv');
    expect(first.body).toMatchObject({ written: true, created: 1 });
    expect((await members()).map((m) => m.fullName)).toContain('Đặng Thị Hồng'.normalize('NFC'));
    const again = await post('members', csv.normalize('NFC'), {}, committee, 'text/csv');
    expect(again.body).toMatchObject({ created: 0, unchanged: 1 });
  });
});

describe('secretaries', () => {
  it('a new member named secretary relieves the cell\'s previous secretary', async () => {
    expect((await members()).find((m) => m.fullName === 'Nguyễn Thị Lan')?.isSecretary).toBe(true);
    const file = await xlsx(MEMBER_HEADERS, [['Tạ Văn Mới', '01/01/1984', 'Nam', 'Giáo viên', '', '', '', 'Có', '', '', cellA.code]]);
    expect((await post('members', file, {})).body).toMatchObject({ written: true, created: 1 });
    const secretaries = (await members()).filter((m) => m.isSecretary).map((m) => m.fullName);
    expect(secretaries).toContain('Tạ Văn Mới');
    expect(secretaries).not.toContain('Nguyễn Thị Lan');
  });
});

describe('candidates', () => {
  it('creates candidates at their stage with one history event for it; re-import leaves the stage alone', async () => {
    const rows = [
      ['Vũ Thị Mai', '10/03/1995', 'Nữ', 'Giáo viên', 'Đại học', '', 'Có', 'Quần chúng ưu tú (tạo nguồn)', '05/01/2026', '001195033333', '0912345678', cellA.code],
      ['Bùi Văn An', '2008-05-10', 'Nam', 'Học sinh', 'Trung học cơ sở', 12, 'Có', 'SYMPATHIZER', '01/02/2026', '', '', cellB.code],
    ];
    const file = await xlsx(CANDIDATE_HEADERS, rows);
    const first = await post('candidates', file, { fileName: 'quan-chung.xlsx' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ kind: 'candidates', written: true, created: 2, rejected: 0 });
    const listed = await candidates();
    expect(listed.map((c) => [c.fullName, c.stage]).sort()).toEqual([
      ['Bùi Văn An', 'SYMPATHIZER'],
      ['Vũ Thị Mai', 'SOURCE'],
    ]);
    const events = await server.dataSource.getRepository(CandidateStageEvent).find({ where: { organizationId: cellB.id } });
    expect(events.map((e) => e.toStage)).toEqual(['SOURCE', 'SYMPATHIZER']);

    expect((await post('candidates', file, {})).body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const changed = rows.map((r) => [...r]);
    changed[0][4] = 'Sau đại học';
    changed[0][7] = 'TRAINED';
    const updated = await post('candidates', await xlsx(CANDIDATE_HEADERS, changed), {});
    expect(updated.body).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const mai = (await candidates()).find((c) => c.fullName === 'Vũ Thị Mai');
    expect(mai).toMatchObject({ stage: 'SOURCE', educationLevel: 'POSTGRADUATE' });
    expect(await server.dataSource.getRepository(AuditLog).countBy({ action: 'import.candidates' })).toBe(3);
  });

  it('from CELL_RESOLVED on, the candidate was at least 18 on the stage date', async () => {
    const file = await xlsx(CANDIDATE_HEADERS, [
      ['Lý Văn Trẻ', '01/06/2009', 'Nam', 'Học sinh', 'Trung học cơ sở', 11, 'Có', 'SYMPATHIZER', '01/02/2026', '', '', cellB.code],
      ['Lý Văn Chưa', '01/06/2008', 'Nam', 'Học sinh', 'Trung học cơ sở', 12, 'Có', 'CELL_RESOLVED', '01/02/2026', '', '', cellB.code],
      ['Lý Văn Đủ', '01/01/2008', 'Nam', 'Học sinh', 'Trung học cơ sở', 12, 'Có', 'Đảng viên dự bị', '01/02/2026', '', '', cellB.code],
    ]);
    const dry = await post('candidates', file, { dryRun: 'true' });
    expect(dry.body).toMatchObject({ created: 2, rejected: 1 });
    expect(dry.body.problems).toEqual([{ row: 3, column: 'Ngày sinh', reason: expect.stringMatching(/^age rule broken: .*18 full years.*eligible from 2026-06-01$/) }]);
  });

  describe('dates of the steps already taken', () => {
    const HEADERS = [...CANDIDATE_HEADERS, ...STEP_HEADERS];
    const person = (name: string, stage: string, stageOn: string, cellCode: string | null, steps: string[]) => [name, '01/01/1990', 'Nam', 'Giáo viên', 'Đại học', '', 'Có', stage, stageOn, '', '', cellCode, ...steps];
    const ALL = ['01/02/2024', '2024-03-10', '15/04/2024', '02/05/2024', '20/05/2024', '10/06/2024', '01/07/2024'];

    it('a new candidate at PROBATIONARY with every date gets the whole history in order, and its probation', async () => {
      const file = await xlsx(HEADERS, [person('Hồ Văn Đủ Bước', 'PROBATIONARY', '', cellA.code, ALL)]);
      const report = await post('candidates', file, {});
      expect(report.body).toMatchObject({ written: true, created: 1, rejected: 0 });
      const id = (await candidates()).find((c) => c.fullName === 'Hồ Văn Đủ Bước')!.id;
      const data = ok(
        await server.gql<{ candidate: { stage: string; stageSince: string; probationEndsOn: string; history: { toStage: string; occurredOn: string }[] } }>(
          `query ($id: ID!) { candidate(id: $id) { stage stageSince probationEndsOn history { toStage occurredOn } } }`,
          { id },
          server.tokenFor(committee),
        ),
      );
      expect(data.candidate).toMatchObject({ stage: 'PROBATIONARY', stageSince: '2024-07-01', probationEndsOn: '2025-07-01' });
      expect(data.candidate.history.map((h) => [h.toStage, h.occurredOn])).toEqual([
        ['SOURCE', '2024-02-01'],
        ['SYMPATHIZER', '2024-02-01'],
        ['TRAINED', '2024-03-10'],
        ['DOSSIER', '2024-04-15'],
        ['CELL_RESOLVED', '2024-05-02'],
        ['COMMITTEE_RESOLVED', '2024-05-20'],
        ['ADMITTED', '2024-06-10'],
        ['PROBATIONARY', '2024-07-01'],
      ]);
    });

    it('rejects dates going backwards, a date beyond the stage, a stage date that disagrees, and a committee date under a city committee', async () => {
      const underCity = (await buildCell(server.dataSource, city, { name: 'Chi bộ Trường THPT Nhập Liệu', code: `IMP-C-${Date.now()}` })).cell;
      const backwards = [...ALL];
      backwards[2] = '01/03/2024'; // the dossier before the class
      const file = await xlsx(HEADERS, [
        person('Hồ Văn Ngược', 'PROBATIONARY', '', cellA.code, backwards),
        person('Hồ Văn Vượt', 'TRAINED', '10/03/2024', cellA.code, ['01/02/2024', '', '15/04/2024']),
        person('Hồ Văn Lệch', 'DOSSIER', '16/04/2024', cellA.code, ['01/02/2024', '10/03/2024', '15/04/2024']),
        person('Hồ Văn Thành', 'ADMITTED', '10/06/2024', underCity.code, ['01/02/2024', '', '', '02/05/2024', '20/05/2024']),
        person('Hồ Văn Được', 'ADMITTED', '10/06/2024', underCity.code, ['01/02/2024', '', '', '02/05/2024']),
      ]);
      const refused = await post('candidates', file, { dryRun: 'true' });
      expect(refused.body).toMatchObject({ created: 1, rejected: 4 });
      expect(reasons(refused.body)).toEqual([
        '2|Ngày hoàn thiện hồ sơ|dates go backwards: cannot be before Ngày học lớp bồi dưỡng (2024-03-10)',
        '3|Ngày hoàn thiện hồ sơ|a date for DOSSIER, beyond the row\'s stage TRAINED',
        '4|Ngày hoàn thiện hồ sơ|disagrees with Ngày đạt giai đoạn (2024-04-16)',
        '5|Ngày đảng ủy xét|a cell directly under a city committee has no grassroots committee resolution',
      ]);
    });

    it('the age rule holds on the cell\'s vote when its date is given', async () => {
      const file = await xlsx(HEADERS, [
        ['Hồ Văn Non', '01/06/2007', 'Nam', 'Học sinh', 'Trung học phổ thông', 12, 'Có', 'ADMITTED', '01/02/2026', '', '', cellB.code, '', '', '', '01/05/2025'],
      ]);
      const dry = await post('candidates', file, { dryRun: 'true' });
      expect(dry.body.problems).toEqual([{ row: 2, column: 'Ngày sinh', reason: expect.stringMatching(/^age rule broken: /) }]);
    });
  });

  it('rejects a grade for a non-student and an unknown stage, all or nothing', async () => {
    const before = (await candidates()).length;
    const file = await xlsx(CANDIDATE_HEADERS, [
      ['Đinh Văn Tốt', '10/03/1996', 'Nam', 'Giáo viên', 'Đại học', '', '', '', '', '', '', cellA.code],
      ['Đinh Văn Lớp', '10/03/1996', 'Nam', 'Giáo viên', 'Đại học', 10, '', '', '', '', '', cellA.code],
      ['Đinh Văn Giai', '10/03/1996', 'Nam', 'Giáo viên', 'Đại học', '', '', 'Đã tốt nghiệp', '', '', '', cellA.code],
    ]);
    const refused = await post('candidates', file, {});
    expect(refused.status).toBe(400);
    expect(reasons(refused.body)).toEqual(['3|Lớp|only students have a grade', '4|Giai đoạn|unknown value: Đã tốt nghiệp']);
    expect(await candidates()).toHaveLength(before);
  });
});

describe('every problem of a row at once', () => {
  const ID_RULE = 'a national ID has exactly 12 digits (CCCD) or 9 (old CMND)';
  const ZEROS = 'a cell stored as a number loses its leading zeros: format the column as Text (the template does) and type the ID again';

  it('a member row tells its impossible date, its short national ID, its dates out of order and its unknown cell together', async () => {
    const before = (await members()).length;
    const file = await xlsx(MEMBER_HEADERS, [
      ['Nhiều Lỗi Một', '31/02/1990', 'Nam', 'Giáo viên', 'Chính thức', '01/06/2015', '01/06/2014', '', '', '12345', 'KHONG-CO-NHIEU'],
      ['Nhiều Lỗi Hai', '29/02/2023', 'Nữ', 'Giáo sư', 'Dự bị', '2015-06-01', '2016-06-01', 'Có', '', '001185012345', cellA.code],
    ]);
    const refused = await post('members', file, {});
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ written: false, rejected: 2 });
    expect(reasons(refused.body)).toEqual([
      '2|Ngày sinh|impossible date (02/1990 has 28 days): 31/02/1990',
      `2|Số CCCD|5 digits: ${ID_RULE}`,
      '2|Ngày chính thức|cannot be before Ngày vào Đảng',
      '2|Mã chi bộ|unknown cell: KHONG-CO-NHIEU',
      '3|Ngày sinh|impossible date (02/2023 has 28 days): 29/02/2023',
      '3|Đối tượng|unknown value: Giáo sư',
      '3|Ngày chính thức|a probationary member has no official date yet',
      '3|Số CCCD|this national ID cannot be used; if it should be, ask the committee above',
    ]);
    expect(await members()).toHaveLength(before);
  });

  it('a candidate row tells its bad cells and the rules they break together', async () => {
    const file = await xlsx(CANDIDATE_HEADERS, [
      ['Đa Lỗi', '30/02/2000', 'Nam', 'Giáo sư', 'Đại học', 10, 'Có', 'ADMITTED', '', '1234567890', '12', cellA.code],
      ['Đa Lỗi Hai', '01/01/1960', 'Nam', 'Giáo viên', 'Đại học', 10, 'Có', 'SOURCE', '2025-13-01', '0011950333331', '', 'KHONG CO'],
    ]);
    const dry = await post('candidates', file, { dryRun: 'true' });
    expect(dry.body).toMatchObject({ created: 0, rejected: 2 });
    expect(reasons(dry.body)).toEqual([
      '2|Ngày sinh|impossible date (02/2000 has 29 days): 30/02/2000',
      '2|Đối tượng|unknown value: Giáo sư',
      `2|Số CCCD|10 digits: ${ID_RULE}; ${ZEROS}`,
      '2|Điện thoại|invalid phone number',
      '2|Ngày đạt giai đoạn|required for a stage after SOURCE',
      '3|Ngày đạt giai đoạn|impossible date (there is no month 13): 2025-13-01',
      `3|Số CCCD|13 digits: ${ID_RULE}`,
      '3|Mã chi bộ|not a code (letters A-Z, digits, ".", "_" and "-", at most 64): KHONG CO',
      '3|Lớp|only students have a grade',
    ]);
  });

  it('12345 is refused, never padded; a national ID typed as a number has lost its leading zeros and is refused too', async () => {
    const before = (await members()).length;
    const file = await xlsx(MEMBER_HEADERS, [
      ['Số Ngắn', '01/01/1991', 'Nam', 'Giáo viên', '', '', '', '', '', '12345', cellB.code],
      ['Số Tám', '01/01/1991', 'Nữ', 'Giáo viên', '', '', '', '', '', '01234567', cellB.code],
      ['Số Kiểu Số', '01/01/1992', 'Nam', 'Giáo viên', '', '', '', '', '', 79196001234, cellB.code],
      ['Số Kiểu Số Đủ', '01/01/1993', 'Nam', 'Giáo viên', '', '', '', '', '', 123456789012, cellB.code],
      ['Số Có Dấu Cách', '01/01/1994', 'Nam', 'Giáo viên', '', '', '', '', '', '079 196 001 235', cellB.code],
      ['Số CMND', '01/01/1995', 'Nam', 'Giáo viên', '', '', '', '', '', '012345678', cellB.code],
    ]);
    const report = await post('members', file, { validOnly: 'true' });
    expect(reasons(report.body)).toEqual([`2|Số CCCD|5 digits: ${ID_RULE}`, `3|Số CCCD|8 digits: ${ID_RULE}; ${ZEROS}`, `4|Số CCCD|11 digits: ${ID_RULE}; ${ZEROS}`]);
    expect(report.body).toMatchObject({ written: true, created: 3, rejected: 3 });
    const listed = await members();
    expect(listed).toHaveLength(before + 3);
    expect(Object.fromEntries(listed.filter((m) => m.fullName.startsWith('Số ')).map((m) => [m.fullName, m.nationalId]))).toEqual({
      'Số Kiểu Số Đủ': '123456789012',
      'Số Có Dấu Cách': '079196001235',
      'Số CMND': '012345678',
    });
  });
});
