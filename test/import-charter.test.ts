import ExcelJS from 'exceljs';
import { startTestServer, ok, type TestServer } from './support/server';
import { buildCell, buildOrganization, buildUser, gid } from './factories';
import { Role } from '../src/domain/enums';
import type { Organization } from '../src/modules/organization/organization.entity';
import type { User } from '../src/modules/user/user.entity';

/**
 * An imported candidate's history obeys the Charter's rules the path's steps check (outside
 * review F2): the import accepted histories every mutation refuses (a probation shorter than 12
 * months, a PRIMARY education at the dossier, a vote at 61, every step on the same day up to
 * official membership). Each broken rule is listed on its row, in Vietnamese and English, naming
 * the column; a refused file writes nothing.
 */
const HEADERS = [
  'Họ và tên', 'Ngày sinh', 'Giới tính', 'Đối tượng', 'Trình độ', 'Lớp', 'Đoàn viên', 'Giai đoạn', 'Ngày đạt giai đoạn', 'Số CCCD', 'Điện thoại', 'Mã chi bộ',
  'Ngày cảm tình Đảng', 'Ngày học lớp bồi dưỡng', 'Ngày hoàn thiện hồ sơ', 'Ngày chi bộ xét', 'Ngày đảng ủy xét', 'Ngày quyết định kết nạp', 'Ngày kết nạp', 'Ngày chính thức',
];

interface Report {
  written: boolean;
  created: number;
  rejected: number;
  problems: { row: number; column: string | null; reason: string }[];
}

/** The cell's code, known before the table of rows is built. */
const CELL_CODE = `DL-${Date.now()}`;

let server: TestServer;
let city: Organization;
let committee: User;
let base: string;

beforeAll(async () => {
  server = await startTestServer();
  const ds = server.dataSource;
  city = await buildOrganization(ds, null, { name: 'Huyện ủy Điều Lệ' });
  const commune = await buildOrganization(ds, city, { name: 'Đảng ủy xã Điều Lệ' });
  await buildCell(ds, commune, { name: 'Chi bộ Trường THCS Điều Lệ', code: CELL_CODE });
  committee = await buildUser(ds, Role.COMMITTEE, city);
  base = server.app.url.replace(/\/graphql$/, '');
});

afterAll(() => server.close());

/** A teacher's row: name, birth date, education, stage, stage date, then the eight step dates. */
function person(name: string, born: string, education: string, stage: string, stageOn: string, steps: string[]): string[] {
  return [name, born, 'Nam', 'Giáo viên', education, '', 'Có', stage, stageOn, '', '', CELL_CODE, ...steps];
}

async function post(rows: string[][], query: Record<string, string>): Promise<{ status: number; body: Report }> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Dữ liệu');
  sheet.addRow(HEADERS);
  for (const row of rows) sheet.addRow(row);
  const params = new URLSearchParams({ organizationId: gid.org(city), ...query });
  const response = await fetch(`${base}/imports/candidates?${params}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${server.tokenFor(committee)}` },
    body: new Uint8Array(await book.xlsx.writeBuffer()),
  });
  return { status: response.status, body: (await response.json()) as Report };
}

async function names(): Promise<string[]> {
  const data = ok(
    await server.gql<{ candidates: { nodes: { fullName: string }[] } }>(
      'query ($filter: CandidateFilter) { candidates(filter: $filter, first: 100) { nodes { fullName } } }',
      { filter: { under: gid.org(city) } },
      server.tokenFor(committee),
    ),
  );
  return data.candidates.nodes.map((n) => n.fullName).sort();
}

/** One step date per column, in path order: sympathizer, class, dossier, cell's vote, committee, decision, ceremony, recognition. */
const PATH_2024 = ['01/02/2024', '10/03/2024', '15/04/2024', '02/05/2024', '20/05/2024', '10/06/2024', '01/07/2024'];

// The Vietnamese message, then the English one, of each rule as the path's steps word it.
const EDUCATION = /^education rule broken: Quần chúng phải có bằng tốt nghiệp trung học cơ sở trở lên — The candidate needs a lower-secondary diploma or higher$/;
const OVER_60 = /^age rule broken: Quần chúng đã quá 60 tuổi \(tính theo tháng.* — The candidate is over 60 \(counted in full months.*admission needs an approved exception recorded with the vote$/;
const probation = (endsVi: string, ends: string) => new RegExp(`^probation rule broken: Thời gian dự bị kết thúc ngày ${endsVi}; .* — The probation ends on ${ends}; `);

describe("the Charter's rules over an imported history", () => {
  it.each([
    ['a PRIMARY education at the dossier', person('Đỗ Văn Tiểu Học', '01/01/1990', 'Tiểu học', 'DOSSIER', '15/04/2024', PATH_2024.slice(0, 3)), 'Trình độ', EDUCATION],
    ['over 60 on the day of the cell\'s vote', person('Đỗ Văn Quá Tuổi', '10/03/1963', 'Đại học', 'CELL_RESOLVED', '02/05/2024', PATH_2024.slice(0, 4)), 'Ngày sinh', OVER_60],
    ['over 60 at the dossier, the vote undated (older still at the vote)', person('Đỗ Văn Quá Tuổi Hai', '10/03/1963', 'Đại học', 'ADMITTED', '10/06/2024', ['', '', '15/04/2024']), 'Ngày sinh', OVER_60],
    [
      'a certificate expired at the dossier (valid 60 months)',
      person('Đỗ Văn Chứng Nhận Cũ', '01/01/1990', 'Đại học', 'DOSSIER', '15/04/2024', ['01/02/2018', '01/03/2018', '15/04/2024']),
      'Ngày hoàn thiện hồ sơ',
      /^certificate rule broken: Giấy chứng nhận lớp bồi dưỡng ngày 01\/03\/2018 chỉ có giá trị đến ngày 01\/03\/2023; .* — The awareness-class certificate of 2018-03-01 was valid until 2023-03-01; /,
    ],
    [
      'a certificate valid at the dossier, expired at the cell\'s vote',
      person('Đỗ Văn Chứng Nhận Hết Hạn', '01/01/1990', 'Đại học', 'CELL_RESOLVED', '02/05/2024', ['01/02/2019', '01/05/2019', '15/04/2024', '02/05/2024']),
      'Ngày chi bộ xét',
      /^certificate rule broken: .*trước ngày chi bộ họp xét kết nạp \(02\/05\/2024\).* — The awareness-class certificate of 2019-05-01 was valid until 2024-05-01, before the cell's vote on 2024-05-02; /,
    ],
    ['recognised 8 months after the ceremony', person('Đỗ Văn Dự Bị Ngắn', '01/01/1990', 'Đại học', 'OFFICIAL', '01/03/2025', [...PATH_2024, '01/03/2025']), 'Ngày chính thức', probation('01/07/2025', '2025-07-01')],
    [
      'recognised 9 months after the admission decision, the ceremony undated (the probation cannot have started earlier)',
      person('Đỗ Văn Không Ngày Kết Nạp', '01/01/1990', 'Đại học', 'OFFICIAL', '01/03/2025', [...PATH_2024.slice(0, 6), '', '01/03/2025']),
      'Ngày chính thức',
      probation('10/06/2025', '2025-06-10'),
    ],
    ['every step on the same day, up to official membership', person('Đỗ Văn Cùng Ngày', '01/01/1990', 'Đại học', 'OFFICIAL', '10/06/2024', Array(8).fill('10/06/2024')), 'Ngày chính thức', probation('10/06/2025', '2025-06-10')],
    ['recognised 8 months after the ceremony, its date given as the stage date only', person('Đỗ Văn Ngày Giai Đoạn', '01/01/1990', 'Đại học', 'OFFICIAL', '01/03/2025', PATH_2024), 'Ngày đạt giai đoạn', probation('01/07/2025', '2025-07-01')],
  ])('%s: the row is rejected naming the rule and its column', async (_what, row, column, reason) => {
    const dry = await post([row], { dryRun: 'true' });
    expect(dry.body).toMatchObject({ created: 0, rejected: 1 });
    expect(dry.body.problems).toEqual([{ row: 2, column, reason: expect.stringMatching(reason) }]);
  });

  it('lists every rule a row breaks at once, and writes nothing unless validOnly', async () => {
    const before = await names();
    const valid = person('Đỗ Văn Đúng Luật', '01/01/1990', 'Đại học', 'OFFICIAL', '15/07/2025', [...PATH_2024, '15/07/2025']);
    const everything = person('Đỗ Văn Sai Hết', '10/03/1963', 'Tiểu học', 'OFFICIAL', '01/03/2025', [...PATH_2024, '01/03/2025']);
    const refused = await post([valid, everything], {});
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ written: false, created: 1, rejected: 1 });
    expect(refused.body.problems.map((p) => [p.row, p.column])).toEqual([
      [3, 'Trình độ'],
      [3, 'Ngày sinh'],
      [3, 'Ngày chính thức'],
    ]);
    expect(refused.body.problems.map((p) => p.reason)).toEqual([expect.stringMatching(EDUCATION), expect.stringMatching(OVER_60), expect.stringMatching(probation('01/07/2025', '2025-07-01'))]);
    expect(await names()).toEqual(before);

    const partial = await post([valid, everything], { validOnly: 'true' });
    expect(partial.body).toMatchObject({ written: true, created: 1, rejected: 1 });
    expect(await names()).toEqual([...before, 'Đỗ Văn Đúng Luật'].sort());
  });

  it('a history that keeps the rules, in the 12 months of probation to the day, is imported whole', async () => {
    const row = person('Đỗ Thị Đủ Mười Hai Tháng', '01/01/1990', 'Đại học', 'OFFICIAL', '01/07/2025', [...PATH_2024, '01/07/2025']);
    const report = await post([row], {});
    expect(report.body).toMatchObject({ written: true, created: 1, rejected: 0, problems: [] });
  });
});
