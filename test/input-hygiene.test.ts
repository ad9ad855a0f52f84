import ExcelJS from 'exceljs';
import { startTestServer, ok, errorCode, type GraphQLResponse, type TestServer } from './support/server';
import { buildCandidate, buildCityToCell, buildMember, buildUser, gid, TEST_PASSWORD } from './factories';
import { Role } from '../src/domain/enums';
import { Member } from '../src/modules/member/member.entity';
import { Candidate } from '../src/modules/candidate/candidate.entity';
import { Organization } from '../src/modules/organization/organization.entity';
import { School } from '../src/modules/school/school.entity';
import { User } from '../src/modules/user/user.entity';
import { AuditLog } from '../src/modules/audit/audit.entity';

/**
 * Text that may not be stored is refused with BAD_USER_INPUT (a problem naming the field) and
 * nothing is written: blank required text, control characters, bidirectional controls, invisible
 * format characters, invalid Unicode; tabs and line breaks outside notes and reasons. A body
 * that is not UTF-8 answers 400. Before, all of these were accepted and written (a name of spaces
 * stored empty, U+202E stored, bad bytes stored as U+FFFD).
 */
const CREATE_MEMBER = `mutation ($input: CreateMemberInput!) { createMember(input: $input) { id fullName } }`;
const UPDATE_MEMBER = `mutation ($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { fullName } }`;
const CREATE_CANDIDATE = `mutation ($input: CreateCandidateInput!) { createCandidate(input: $input) { id fullName notes stallReasons { note } } }`;
const CREATE_ORG = `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id name } }`;
const CREATE_SCHOOL = `mutation ($input: CreateSchoolInput!) { createSchool(input: $input) { id name } }`;
const CREATE_USER = `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`;
const UPDATE_USER = `mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { displayName } }`;
const AWARENESS = `mutation ($input: RecordAwarenessClassInput!) { recordAwarenessClass(input: $input) { id } }`;
const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;
const MEMBERS = `query ($filter: MemberFilter) { members(filter: $filter) { totalCount } }`;
const API_KEY = `mutation ($organizationId: ID!, $name: String!) { createApiKey(organizationId: $organizationId, name: $name) { key } }`;

/** What no one-line text may hold, with the problem's wording. */
const BAD_LINE: [string, string, RegExp][] = [
  ['only spaces', '   ', /must not be blank/],
  ['only no-break and ideographic spaces', '\u00A0\u3000 ', /must not be blank/],
  ['NUL', 'Lan\u0000Anh', /control character \(U\+0000\)/],
  ['a bell', 'Lan\u0007', /control character \(U\+0007\)/],
  ['DEL', 'Lan\u007F', /control character \(U\+007F\)/],
  ['a C1 control (NEL)', 'Lan\u0085Anh', /control character \(U\+0085\)/],
  ['RIGHT-TO-LEFT OVERRIDE', 'Nguyễn \u202EnaV', /bidirectional control character \(U\+202E\)/],
  ['LEFT-TO-RIGHT EMBEDDING', '\u202ANguyễn Văn', /bidirectional control character \(U\+202A\)/],
  ['a RIGHT-TO-LEFT ISOLATE', 'Nguyễn \u2067Văn\u2069', /bidirectional control character \(U\+2067\)/],
  ['a RIGHT-TO-LEFT MARK', 'Nguyễn\u200F Văn', /bidirectional control character \(U\+200F\)/],
  ['a zero-width space', 'Nguyễn\u200BVăn', /invisible format character \(U\+200B\)/],
  ['a BOM inside', 'Nguyễn\uFEFFVăn', /invisible format character \(U\+FEFF\)/],
  // Outside the BMP and by property (outside review F7): tags, other format characters, fillers, noncharacters.
  ['a tag character', 'Nguyễn\u{E0041}Văn', /invisible format character \(U\+E0041\)/],
  ['the Mongolian vowel separator', 'Nguyễn\u180EVăn', /invisible format character \(U\+180E\)/],
  ['an Arabic number sign', '\u0600Nguyễn Văn', /invisible format character \(U\+0600\)/],
  ['a Hangul filler', 'Nguyễn \u3164', /invisible format character \(U\+3164\)/],
  ['the combining grapheme joiner', 'Nguye\u034Fn Văn', /invisible format character \(U\+034F\)/],
  ['the blank Braille pattern', '\u2800\u2800\u2800', /invisible format character \(U\+2800\)/],
  ['an astral noncharacter', 'Nguyễn \u{1FFFE}', /invisible format character \(U\+1FFFE\)/],
  ['an unpaired surrogate', 'Nguyễn \uD800', /not valid Unicode/],
  ['U+FFFD', 'Nguy\uFFFDn Văn', /U\+FFFD/],
  ['a tab', 'Nguyễn\tVăn', /tab or a line break/],
  ['a line break', 'Nguyễn\nVăn', /tab or a line break/],
  ['a carriage return', 'Nguyễn\rVăn', /tab or a line break/],
];

function expectRefused(response: GraphQLResponse, field: string, wording: RegExp): void {
  expect(errorCode(response)).toBe('BAD_USER_INPUT');
  const problems = response.errors?.[0].extensions?.problems as { field: string; message: string }[] | undefined;
  expect(problems).toEqual([{ field, message: expect.stringMatching(wording) }]);
}

describe('input hygiene', () => {
  let server: TestServer;
  let city: Organization;
  let commune: Organization;
  let cell: Organization;
  let token: string;
  let adminToken: string;

  beforeAll(async () => {
    server = await startTestServer();
    const tree = await buildCityToCell(server.dataSource, { city: 'Thành ủy Sạch Sẽ', commune: 'Đảng ủy xã Sạch Sẽ', cell: { code: `HYG-${Date.now()}` } });
    ({ city, commune, cell } = tree);
    token = server.tokenFor(tree.committee);
    adminToken = server.tokenFor(await buildUser(server.dataSource, Role.SYSTEM_ADMIN, null));
  });
  afterAll(() => server.close());

  async function counts(): Promise<number[]> {
    const ds = server.dataSource;
    return Promise.all([ds.getRepository(Member).count(), ds.getRepository(Candidate).count(), ds.getRepository(Organization).count(), ds.getRepository(School).count(), ds.getRepository(User).count()]);
  }

  const candidateInput = (extra: Record<string, unknown> = {}) => ({ organizationId: gid.org(cell), fullName: 'Trần Thị Sạch', dateOfBirth: '1996-04-02', gender: 'FEMALE', category: 'TEACHER', educationLevel: 'UNIVERSITY', ...extra });

  describe.each(BAD_LINE)('a text with %s', (_label, bad, wording) => {
    it.each([
      ['createMember.fullName', 'fullName', () => server.gql(CREATE_MEMBER, { input: { organizationId: gid.org(cell), fullName: bad, category: 'TEACHER', status: 'OFFICIAL' } }, token)],
      ['createCandidate.fullName', 'fullName', () => server.gql(CREATE_CANDIDATE, { input: candidateInput({ fullName: bad }) }, token)],
      ['createOrganization.name', 'name', () => server.gql(CREATE_ORG, { input: { parentId: gid.org(commune), name: bad, kind: 'SCHOOL_CELL' } }, token)],
      ['createOrganization.school.name', 'school.name', () => server.gql(CREATE_ORG, { input: { parentId: gid.org(commune), name: 'Chi bộ Trường Mới', kind: 'SCHOOL_CELL', school: { name: bad, level: 'PRIMARY' } } }, token)],
      ['createSchool.name', 'name', () => server.gql(CREATE_SCHOOL, { input: { organizationId: gid.org(commune), name: bad, level: 'PRIMARY' } }, token)],
      ['createUser.displayName', 'displayName', () => server.gql(CREATE_USER, { input: { email: `hygiene.${Date.now()}@test.ketnap`, displayName: bad, role: 'COMMITTEE', organizationId: gid.org(city), password: 'a-long-enough-password' } }, token)],
    ])('is refused in %s, and nothing is written', async (_where, field, send) => {
      const before = await counts();
      expectRefused(await send(), field, wording);
      expect(await counts()).toEqual(before);
    });
  });

  it.each(BAD_LINE.filter(([label]) => !label.startsWith('only')))('refuses %s in a renamed member, a search, a scalar argument and a step, before anything runs', async (_label, bad, wording) => {
    const member = await buildMember(server.dataSource, cell, { fullName: 'Phạm Văn Cũ' });
    expectRefused(await server.gql(UPDATE_MEMBER, { id: gid.member(member), input: { fullName: bad, version: member.version } }, token), 'fullName', wording);
    expect((await server.dataSource.getRepository(Member).findOneByOrFail({ id: member.id })).fullName).toBe('Phạm Văn Cũ');
    expectRefused(await server.gql(MEMBERS, { filter: { search: bad } }, token), 'filter.search', wording);
    const keys = await server.dataSource.query('SELECT COUNT(*) AS n FROM api_key');
    expectRefused(await server.gql(API_KEY, { organizationId: gid.org(city), name: bad }, adminToken), 'name', wording);
    expect(await server.dataSource.query('SELECT COUNT(*) AS n FROM api_key')).toEqual(keys);
    const candidate = await buildCandidate(server.dataSource, cell);
    expectRefused(
      await server.gql(AWARENESS, { input: { candidateId: gid.candidate(candidate), version: 1, certificateNumber: bad, certificateDate: '2026-01-10', issuingCentre: 'Trung tâm Chính trị' } }, token),
      'certificateNumber',
      wording,
    );
  });

  it('refuses a blank name in an update, where the field itself may be left out', async () => {
    const member = await buildMember(server.dataSource, cell, { fullName: 'Võ Thị Còn' });
    expectRefused(await server.gql(UPDATE_MEMBER, { id: gid.member(member), input: { fullName: '  \t ', version: member.version } }, token), 'fullName', /tab or a line break/);
    expectRefused(await server.gql(UPDATE_MEMBER, { id: gid.member(member), input: { fullName: '    ', version: member.version } }, token), 'fullName', /must not be blank/);
    const user = await buildUser(server.dataSource, Role.COMMITTEE, city);
    expectRefused(await server.gql(UPDATE_USER, { id: gid.user(user), input: { displayName: ' ' } }, token), 'displayName', /must not be blank/);
    expect((await server.dataSource.getRepository(Member).findOneByOrFail({ id: member.id })).fullName).toBe('Võ Thị Còn');
  });

  it('names the nested field of a refused text', async () => {
    const before = await counts();
    const response = await server.gql(CREATE_CANDIDATE, { input: candidateInput({ stallReasons: [{ reason: 'NOT_WILLING', note: 'ổn' }, { reason: 'FAMILY_OR_ECONOMIC', note: 'gia đình\u202E' }] }) }, token);
    expectRefused(response, 'stallReasons[1].note', /U\+202E/);
    expect(await counts()).toEqual(before);
  });

  it('accepts tabs and line breaks in notes and reasons (kept as line breaks), and refuses controls there too', async () => {
    const created = ok(
      await server.gql<{ createCandidate: { notes: string; stallReasons: { note: string }[] } }>(
        CREATE_CANDIDATE,
        { input: candidateInput({ fullName: 'Lò Thị Ghi Chú', notes: 'Dòng một\r\nDòng\thai\n\n\n\nDòng ba ', stallReasons: [{ reason: 'FAMILY_OR_ECONOMIC', note: 'mẹ ốm\nđang chăm' }] }) },
        token,
      ),
    ).createCandidate;
    expect(created.notes).toBe('Dòng một\nDòng hai\n\nDòng ba');
    expect(created.stallReasons).toEqual([{ note: 'mẹ ốm\nđang chăm' }]);
    for (const bad of ['ghi chú\u0000', 'ghi chú\u202E', 'ghi chú\u000B']) {
      const before = await counts();
      expect(errorCode(await server.gql(CREATE_CANDIDATE, { input: candidateInput({ notes: bad }) }, token))).toBe('BAD_USER_INPUT');
      expect(await counts()).toEqual(before);
    }
  });

  it('blank optional text still clears a field (a note of spaces is no note)', async () => {
    const created = ok(await server.gql<{ createCandidate: { notes: string | null } }>(CREATE_CANDIDATE, { input: candidateInput({ fullName: 'Lò Văn Trống', notes: '   ' }) }, token)).createCandidate;
    expect(created.notes).toBeNull();
  });

  it('takes passwords as typed, and refuses an email outside ASCII instead of failing on MySQL', async () => {
    const user = await buildUser(server.dataSource, Role.COMMITTEE, city);
    expect(errorCode(await server.gql(LOGIN, { email: user.email, password: `${TEST_PASSWORD}\t` }))).toBe('UNAUTHENTICATED');
    expect(ok(await server.gql<{ login: { token: string } }>(LOGIN, { email: user.email, password: TEST_PASSWORD })).login.token).toBeTruthy();
    expectRefused(await server.gql(LOGIN, { email: `${user.email}\u0000`, password: TEST_PASSWORD }), 'email', /U\+0000/);
    expect(errorCode(await server.gql(LOGIN, { email: 'người@test.ketnap', password: TEST_PASSWORD }))).toBe('BAD_USER_INPUT');
    const before = await counts();
    const response = await server.gql(CREATE_USER, { input: { email: 'người.dùng@test.ketnap', displayName: 'Người Dùng', role: 'COMMITTEE', organizationId: gid.org(city), password: 'a-long-enough-password' } }, token);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
  });

  describe('a GraphQL body that is not UTF-8', () => {
    it.each([
      ['a Latin-1 byte', Buffer.from([0xe9])],
      ['a truncated sequence', Buffer.from([0xe1, 0xbb])],
      ['an overlong NUL', Buffer.from([0xc0, 0x80])],
      ['an encoded surrogate', Buffer.from([0xed, 0xa0, 0x80])],
    ])('answers 400 naming the problem for %s, and writes nothing', async (_label, bytes) => {
      const before = await counts();
      const body = Buffer.concat([
        Buffer.from(JSON.stringify({ query: CREATE_MEMBER, variables: { input: { organizationId: gid.org(cell), fullName: 'Nguy__', category: 'TEACHER', status: 'OFFICIAL' } } }).split('__')[0]),
        bytes,
        Buffer.from(JSON.stringify({ x: 'n Văn' }).slice(6)),
      ]);
      const text = body.toString('latin1');
      expect(text).toContain('Nguy');
      const response = await fetch(server.app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: new Uint8Array(body) });
      expect(response.status).toBe(400);
      const answer = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(answer.errors[0].message).toMatch(/not valid UTF-8/);
      expect(answer.errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(await counts()).toEqual(before);
    });
  });

  describe('imports', () => {
    const HEADERS = ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Đối tượng', 'Trạng thái', 'Ngày vào Đảng', 'Ngày chính thức', 'Bí thư', 'Hiệu trưởng', 'Số CCCD', 'Mã chi bộ'];
    const row = (name: string, code = cell.code ?? '') => [name, '15/08/1985', 'Nữ', 'Giáo viên', 'Chính thức', '19/05/2015', '19/05/2016', 'Không', 'Không', '', code];
    const csv = (rows: string[][]) => [HEADERS, ...rows].map((cells) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n');

    async function post(body: Buffer | string, query: Record<string, string> = {}): Promise<{ status: number; body: { written?: boolean; created?: number; problems?: { row: number; column: string; reason: string }[]; error?: { code: string; message: string } } }> {
      const params = new URLSearchParams({ organizationId: gid.org(city), fileName: 'roster.csv', ...query });
      const response = await fetch(`${server.app.url.replace(/\/graphql$/, '')}/imports/members?${params}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
        body: typeof body === 'string' ? body : new Uint8Array(body),
      });
      return { status: response.status, body: (await response.json()) as never };
    }

    it('refuses a CSV file that is not UTF-8, naming the line, and writes nothing', async () => {
      const before = await counts();
      // A file saved in Windows-1252: é is the one byte 0xE9.
      const [head, tail] = csv([row('Jos@ Nguyen')]).split('@');
      const response = await post(Buffer.concat([Buffer.from(head), Buffer.from([0xe9]), Buffer.from(tail)]));
      expect(response.status).toBe(400);
      expect(response.body.error?.code).toBe('BAD_USER_INPUT');
      expect(response.body.error?.message).toMatch(/not valid UTF-8 \(line 2, byte \d+\)/);
      expect(await counts()).toEqual(before);
    });

    it.each(BAD_LINE.filter(([label]) => !label.startsWith('only') && label !== 'an unpaired surrogate' && label !== 'a carriage return'))('rejects a CSV row whose name holds %s, and writes nothing', async (_label, bad) => {
      const before = await counts();
      const response = await post(csv([row('Nguyễn Thị Tốt'), row(bad)]));
      expect(response.status).toBe(400);
      expect(response.body.written).toBe(false);
      expect(response.body.problems).toEqual([{ row: 3, column: 'Họ và tên', reason: expect.stringMatching(/^the text /) }]);
      expect(await counts()).toEqual(before);
    });

    it('rejects a name of spaces as missing', async () => {
      const response = await post(csv([row('   ')]));
      expect(response.status).toBe(400);
      expect(response.body.problems).toEqual([{ row: 2, column: 'Họ và tên', reason: 'required' }]);
    });

    it('rejects bad cells of an XLSX file too, and with validOnly writes the good rows only', async () => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('Đảng viên');
      sheet.addRow(HEADERS);
      sheet.addRow(row('Hà Thị Xlsx'));
      sheet.addRow(row('Hà \u202EThị'));
      sheet.addRow(row('Hà Văn\nXuống Dòng'));
      sheet.addRow(row('Hà Văn Mã', 'CB-ĐẶC-BIỆT'));
      const file = Buffer.from(await book.xlsx.writeBuffer());
      const response = await post(file, { validOnly: 'true', fileName: 'roster.xlsx' });
      expect(response.status).toBe(200);
      expect(response.body.created).toBe(1);
      expect(response.body.problems?.map((p) => `${p.row}|${p.column}`)).toEqual(['3|Họ và tên', '4|Họ và tên', '5|Mã chi bộ']);
      const names = await server.dataSource.getRepository(Member).findBy({ organizationId: cell.id });
      expect(names.map((m) => m.fullName)).toContain('Hà Thị Xlsx');
      expect(names.map((m) => m.fullName).filter((n) => n.startsWith('Hà '))).toEqual(['Hà Thị Xlsx']);
    });

    it('refuses a file name with a control character', async () => {
      const audits = await server.dataSource.getRepository(AuditLog).count();
      const response = await post(csv([row('Nguyễn Thị Tên Tệp')]), { fileName: 'roster\u0000.csv', dryRun: 'true' });
      expect(response.status).toBe(400);
      expect(response.body.error?.message).toMatch(/fileName holds a control character/);
      expect(await server.dataSource.getRepository(AuditLog).count()).toBe(audits);
    });
  });
});
