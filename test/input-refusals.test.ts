import ExcelJS from 'exceljs';
import { startTestServer, ok, type TestServer } from './support/server';
import { buildCell, buildOrganization, buildUser, gid } from './factories';
import { Role } from '../src/domain/enums';
import type { Organization } from '../src/modules/organization/organization.entity';
import type { User } from '../src/modules/user/user.entity';

/**
 * How a refused input words what is wrong, over GraphQL and HTTP (outside check of issue 14, F5
 * and F8): a national ID's problem names the rule once and says what to do with separators; an
 * impossible date is called impossible by the import (day 0) and the exports (30 February); an
 * API key sent with the Bearer scheme is told how keys are sent, not to log in again.
 */
let server: TestServer;
let city: Organization;
let cell: Organization;
let committee: User;
let base: string;

beforeAll(async () => {
  server = await startTestServer();
  city = await buildOrganization(server.dataSource, null, { name: 'Huyện ủy Lời Từ Chối' });
  cell = (await buildCell(server.dataSource, city, { name: 'Chi bộ Trường THPT Lời Từ Chối' })).cell;
  committee = await buildUser(server.dataSource, Role.COMMITTEE, city);
  base = server.app.url.replace(/\/graphql$/, '');
});

afterAll(() => server.close());

describe('the national ID in the GraphQL inputs', () => {
  const create = (nationalId: string) =>
    server.gql(
      'mutation ($input: CreateMemberInput!) { createMember(input: $input) { id } }',
      { input: { organizationId: gid.org(cell), fullName: 'Lê Văn Định Danh', category: 'TEACHER', status: 'OFFICIAL', nationalId } },
      server.tokenFor(committee),
    );

  it.each([
    ['12345', '5 digits: a national ID has exactly 12 digits (CCCD) or 9 (old CMND)'],
    ['026 185 444 003', 'spaces or dots between the digits: send the digits only; a national ID has exactly 12 digits (CCCD) or 9 (old CMND)'],
    ['026.185.444.004', 'spaces or dots between the digits: send the digits only; a national ID has exactly 12 digits (CCCD) or 9 (old CMND)'],
    ['00118501234a', 'not only digits: a national ID has exactly 12 digits (CCCD) or 9 (old CMND)'],
  ])('%p: the problem says what is wrong, without repeating the field', async (nationalId, message) => {
    const refused = await create(nationalId);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'nationalId', message }] });
    expect(refused.errors?.[0].message).toBe(`Invalid input: ${message}`);
  });
});

describe('impossible dates', () => {
  it('the import calls 00/01/1985 impossible: there is no day 0', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Đảng viên');
    sheet.addRow(['Họ và tên', 'Ngày sinh', 'Giới tính', 'Đối tượng', 'Trạng thái', 'Ngày vào Đảng', 'Ngày chính thức', 'Bí thư', 'Hiệu trưởng', 'Số CCCD', 'Mã chi bộ']);
    sheet.addRow(['Ngày Không', '00/01/1985', 'Nam', 'Giáo viên', 'Chính thức', '01/06/2015', '01/06/2016', 'Không', 'Không', '', cell.code ?? '']);
    const response = await fetch(`${base}/imports/members?${new URLSearchParams({ organizationId: gid.org(city), dryRun: 'true' })}`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', authorization: `Bearer ${server.tokenFor(committee)}` },
      body: new Uint8Array(await book.xlsx.writeBuffer()),
    });
    const body = (await response.json()) as { problems: { row: number; column: string; reason: string }[] };
    expect(body.problems).toEqual([{ row: 2, column: 'Ngày sinh', reason: 'impossible date (there is no day 0): 00/01/1985' }]);
  });

  it.each([
    ['from=2017-02-30', 'from is an impossible date (02/2017 has 28 days): 2017-02-30'],
    ['to=2017-13-01', 'to is an impossible date (there is no month 13): 2017-13-01'],
    ['from=2017-2-3', 'from must be a date written YYYY-MM-DD'],
  ])('the export calls %s what it is (400 BAD_USER_INPUT)', async (query, message) => {
    const other = query.startsWith('from') ? 'to=2017-12-31' : 'from=2017-01-01';
    const response = await fetch(`${base}/reports/statistics.csv?organizationId=${encodeURIComponent(gid.org(city))}&${query}&${other}`, { headers: { authorization: `Bearer ${server.tokenFor(committee)}` } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT', message } });
  });
});

describe('an API key sent with the Bearer scheme', () => {
  let key: string;

  beforeAll(async () => {
    const created = ok(await server.gql<{ createApiKey: { key: string } }>('mutation ($o: ID!) { createApiKey(organizationId: $o, name: "Báo cáo tháng") { key } }', { o: gid.org(city) }, server.tokenFor(committee)));
    key = created.createApiKey.key;
  });

  const ask = (authorization: string, path = '/graphql') =>
    fetch(`${base}${path}`, path === '/graphql' ? { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query: '{ me { __typename } }' }) } : { headers: { authorization } });

  it('GraphQL and the export answer 401 with how keys are sent, not "log in again"', async () => {
    const message = 'API keys are sent as "Authorization: ApiKey <key>", not with the Bearer scheme';
    const graphql = await ask(`Bearer ${key}`);
    expect(graphql.status).toBe(401);
    expect(await graphql.json()).toMatchObject({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
    const exported = await ask(`Bearer ${key}`, `/reports/statistics.csv?organizationId=${encodeURIComponent(gid.org(city))}&year=2025`);
    expect(exported.status).toBe(401);
    expect(await exported.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED', message } });
  });

  it('the same key with its scheme is accepted, and a forged session token is still told to log in again', async () => {
    expect((await ask(`ApiKey ${key}`)).status).toBe(200);
    const forged = await ask('Bearer eyJhbGciOiJIUzI1NiJ9.e30.forged');
    expect(await forged.json()).toMatchObject({ errors: [{ message: 'Your session is no longer valid; log in again' }] });
  });
});
