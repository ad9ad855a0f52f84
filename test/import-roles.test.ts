import ExcelJS from 'exceljs';
import { startTestServer, ok, type TestServer } from './support/server';
import { buildTenantWorld, gid, type TenantWorld } from './factories';
import { AuditLog } from '../src/modules/audit/audit.entity';
import { Member } from '../src/modules/member/member.entity';
import { Candidate } from '../src/modules/candidate/candidate.entity';
import { STAGE_LABELS } from '../src/domain/enums';

/**
 * Imports are writes: a role that creates no member or candidate (reporter, mentor, API key) is
 * refused with 403 before its file is read (the outside review got 200 with every row "out of
 * scope", and an audit row per call, from each of them).
 */
describe('who may import', () => {
  let server: TestServer;
  let world: TenantWorld;
  let apiKey: string;

  beforeAll(async () => {
    server = await startTestServer();
    world = await buildTenantWorld(server.dataSource, 'Nhập liệu');
    const created = ok(
      await server.gql<{ createApiKey: { key: string } }>(
        'mutation ($o: ID!, $n: String!) { createApiKey(organizationId: $o, name: $n) { key } }',
        { o: gid.org(world.city), n: 'Bảng số liệu' },
        server.tokenFor(world.users.cityCommittee),
      ),
    );
    apiKey = created.createApiKey.key;
  });
  afterAll(() => server.close());

  const csv = (cellCode: string) => `Họ và tên,Đối tượng,Mã chi bộ\r\nNguyễn Văn Nhập,Giáo viên,${cellCode}\r\n`;

  async function post(kind: string, authorization: string, organizationId: string, dryRun: boolean) {
    const response = await fetch(`${server.app.url.replace(/\/graphql$/, '')}/imports/${kind}?organizationId=${encodeURIComponent(organizationId)}&dryRun=${dryRun}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'text/csv' },
      body: csv(world.cells.cellA.code!),
    });
    return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
  }

  it('a reporter, a mentor and an API key get 403 FORBIDDEN for members and candidates, dry run or not; nothing is written or audited', async () => {
    const counts = async () => ({
      audit: await server.dataSource.getRepository(AuditLog).count(),
      members: await server.dataSource.getRepository(Member).count(),
      candidates: await server.dataSource.getRepository(Candidate).count(),
    });
    const before = await counts();
    const callers: [string, string, string][] = [
      ['reporter', `Bearer ${server.tokenFor(world.users.reporter)}`, gid.org(world.city)],
      ['mentor', `Bearer ${server.tokenFor(world.users.mentorA)}`, gid.org(world.cells.cellA)],
      ['API key', `ApiKey ${apiKey}`, gid.org(world.city)],
    ];
    for (const [who, authorization, organizationId] of callers) {
      for (const kind of ['members', 'candidates']) {
        for (const dryRun of [true, false]) {
          const answer = await post(kind, authorization, organizationId, dryRun);
          expect({ who, kind, dryRun, status: answer.status, code: answer.body.error?.code }).toEqual({ who, kind, dryRun, status: 403, code: 'FORBIDDEN' });
        }
      }
    }
    expect(await counts()).toEqual(before);
  });

  it('a workbook cell holding a spreadsheet error (typed, or a formula\'s result) rejects its row, naming the column; nothing is written (outside review F10)', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Dữ liệu');
    sheet.addRow(['Họ và tên', 'Ngày sinh', 'Đối tượng', 'Mã chi bộ']);
    sheet.addRow([{ error: '#REF!' }, null, 'Giáo viên', world.cells.cellA.code]);
    sheet.addRow(['Trần Văn Lỗi', { formula: 'A1/0', result: { error: '#DIV/0!' } }, 'Giáo viên', world.cells.cellA.code]);
    sheet.addRow(['Lê Thị Đúng', null, 'Giáo viên', world.cells.cellA.code]);
    const body = new Uint8Array(Buffer.from(await book.xlsx.writeBuffer()));
    const before = await server.dataSource.getRepository(Member).count();
    const response = await fetch(`${server.app.url.replace(/\/graphql$/, '')}/imports/members?organizationId=${encodeURIComponent(gid.org(world.city))}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.tokenFor(world.users.cityCommittee)}`, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      body,
    });
    const report = (await response.json()) as { written: boolean; rejected: number; problems: { row: number; column: string; reason: string }[] };
    expect(response.status).toBe(400);
    expect(report.written).toBe(false);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        { row: 2, column: 'Họ và tên', reason: expect.stringContaining('spreadsheet error (#REF!)') },
        { row: 3, column: 'Ngày sinh', reason: expect.stringContaining('spreadsheet error (#DIV/0!)') },
      ]),
    );
    expect(JSON.stringify(report)).not.toContain('[object Object]');
    expect(await server.dataSource.getRepository(Member).count()).toBe(before);
  });

  describe("a row's committee steps are carried only by that committee or one above (outside review F2)", () => {
    const HEADERS = ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Đối tượng', 'Trình độ', 'Giai đoạn', 'Ngày đạt giai đoạn', 'Mã chi bộ', 'Ngày cảm tình Đảng', 'Ngày học lớp bồi dưỡng', 'Ngày hoàn thiện hồ sơ', 'Ngày chi bộ xét', 'Ngày đảng ủy xét', 'Ngày quyết định kết nạp'];
    const row = (name: string, stage: 'ADMITTED' | 'COMMITTEE_RESOLVED') =>
      [name, '10/05/1990', 'Nữ', 'Giáo viên', 'Đại học', STAGE_LABELS[stage], stage === 'ADMITTED' ? '15/09/2025' : '17/02/2025', world.cells.cellA.code, '01/10/2024', '01/11/2024', '10/01/2025', '03/02/2025', stage === 'ADMITTED' ? '17/02/2025' : '', ''].join(',');

    async function dryRun(token: string, stage: 'ADMITTED' | 'COMMITTEE_RESOLVED') {
      const body = `${HEADERS.join(',')}\r\n${row(`Nguyễn Thị Bước ${stage}`, stage)}\r\n`;
      const response = await fetch(`${server.app.url.replace(/\/graphql$/, '')}/imports/candidates?organizationId=${encodeURIComponent(gid.org(world.cells.cellA))}&dryRun=true`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
        body,
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { rejected: number; problems: { column: string | null; reason: string }[] };
    }

    it('an admission: refused to the cell secretary and the commune committee, accepted from the city committee that decides', async () => {
      for (const user of [world.users.secretaryA, world.users.communeCommittee]) {
        const report = await dryRun(server.tokenFor(user), 'ADMITTED');
        expect(report.rejected).toBe(1);
        expect(report.problems).toEqual(expect.arrayContaining([{ row: 2, column: 'Giai đoạn', reason: expect.stringContaining('committee that decides') }]));
      }
      const city = await dryRun(server.tokenFor(world.users.cityCommittee), 'ADMITTED');
      expect(city.problems).toEqual([]);
      expect(city.rejected).toBe(0);
    });

    it("the commune's resolution: refused to the cell secretary, accepted from the commune committee", async () => {
      const secretary = await dryRun(server.tokenFor(world.users.secretaryA), 'COMMITTEE_RESOLVED');
      expect(secretary.problems).toEqual(expect.arrayContaining([{ row: 2, column: 'Ngày đảng ủy xét', reason: expect.stringContaining("grassroots committee's resolution") }]));
      const commune = await dryRun(server.tokenFor(world.users.communeCommittee), 'COMMITTEE_RESOLVED');
      expect(commune.problems).toEqual([]);
    });
  });

  it('the cell secretary still imports into its cell (dry run)', async () => {
    const answer = await post('members', `Bearer ${server.tokenFor(world.users.secretaryA)}`, gid.org(world.cells.cellA), true);
    expect(answer.status).toBe(200);
  });
});
