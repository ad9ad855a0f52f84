import ExcelJS from 'exceljs';
import { startTestServer, ok, errorCode, type GraphQLResponse, type TestServer } from './support/server';
import { buildCandidate, buildCell, buildMember, buildOrganization, buildUser, gid } from './factories';
import { upTo } from './support/paths';
import { CandidateStage, EducationLevel, Gender, MemberStatus, Role } from '../src/domain/enums';
import { Member } from '../src/modules/member/member.entity';
import { Candidate } from '../src/modules/candidate/candidate.entity';
import { addMonths, todayInVietnam } from '../src/common/dates';
import type { Organization } from '../src/modules/organization/organization.entity';
import type { User } from '../src/modules/user/user.entity';

/**
 * The Charter's rules on a person's own data, through GraphQL and the import (outside check of
 * issue 14, F2 to F4):
 * - a roster member (no path in ketnap) is admitted at 18 to 60 full years counted in months and
 *   is official no earlier than the end of 12 months of probation; a probationary member whose
 *   probation has ended is accepted (a backlog the cell has yet to consider);
 * - a member made by a ceremony keeps the status and dates of its path, in updateMember and in
 *   the import, and a new birth date still meets the age rule of its cell's vote;
 * - a candidate's birth date or education changed after the cell's vote still meets the rules
 *   of that vote (with the age exception it recorded); before the vote nothing is refused.
 */
const CREATE_MEMBER = 'mutation ($input: CreateMemberInput!) { createMember(input: $input) { id status admittedOn officialOn } }';
const UPDATE_MEMBER = 'mutation ($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id fullName status admittedOn officialOn dateOfBirth version } }';
const UPDATE_CANDIDATE = 'mutation ($id: ID!, $input: UpdateCandidateInput!) { updateCandidate(id: $id, input: $input) { id dateOfBirth educationLevel stage version } }';
const MEMBER_HEADERS = ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Đối tượng', 'Trạng thái', 'Ngày vào Đảng', 'Ngày chính thức', 'Bí thư', 'Hiệu trưởng', 'Số CCCD', 'Mã chi bộ'];

let server: TestServer;
let city: Organization;
let cell: Organization;
let committee: User;
let secretary: User;
let base: string;

beforeAll(async () => {
  server = await startTestServer();
  const ds = server.dataSource;
  city = await buildOrganization(ds, null, { name: 'Huyện ủy Quy Tắc' });
  const commune = await buildOrganization(ds, city, { name: 'Đảng ủy xã Quy Tắc' });
  cell = (await buildCell(ds, commune, { name: 'Chi bộ Trường THCS Quy Tắc' })).cell;
  // Three official members: the cell's votes below count on them.
  for (let i = 0; i < 3; i++) await buildMember(ds, cell);
  committee = await buildUser(ds, Role.COMMITTEE, city);
  secretary = await buildUser(ds, Role.CELL_SECRETARY, cell);
  base = server.app.url.replace(/\/graphql$/, '');
});

afterAll(() => server.close());

const asCommittee = () => server.tokenFor(committee);

function ruleBroken(response: GraphQLResponse, rule: string): void {
  expect(response.data ?? null).toBeNull();
  expect(response.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule });
}

async function memberCount(): Promise<number> {
  return server.dataSource.getRepository(Member).countBy({ organizationId: cell.id });
}

function createMember(fields: Record<string, unknown>): Promise<GraphQLResponse<{ createMember: { id: string } }>> {
  return server.gql(CREATE_MEMBER, { input: { organizationId: gid.org(cell), category: 'TEACHER', status: 'OFFICIAL', ...fields } }, asCommittee());
}

async function importMembers(rows: string[][], dryRun = true): Promise<{ status: number; body: { created: number; updated: number; unchanged: number; rejected: number; problems: { row: number; column: string | null; reason: string }[] } }> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Đảng viên');
  sheet.addRow(MEMBER_HEADERS);
  for (const row of rows) sheet.addRow(row);
  const params = new URLSearchParams({ organizationId: gid.org(city), ...(dryRun ? { dryRun: 'true' } : {}) });
  const response = await fetch(`${base}/imports/members?${params}`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', authorization: `Bearer ${asCommittee()}` },
    body: new Uint8Array(await book.xlsx.writeBuffer()),
  });
  return { status: response.status, body: (await response.json()) as never };
}

describe('a roster member: 18 to 60 full years at admission, 12 months of probation', () => {
  it.each([
    ['admitted at 9', { fullName: 'Tuổi Chín', dateOfBirth: '2010-01-01', admittedOn: '2019-06-01', officialOn: '2020-06-01' }, 'MIN_AGE'],
    ['admitted a day before 18 full years', { fullName: 'Chưa Đủ Tuổi', dateOfBirth: '2001-03-15', admittedOn: '2019-03-14', status: 'PROBATIONARY' }, 'MIN_AGE'],
    ['admitted at 79', { fullName: 'Bảy Mươi Chín', dateOfBirth: '1940-01-01', admittedOn: '2019-06-01', officialOn: '2020-06-01' }, 'MAX_AGE'],
    // 60 full years hold to the day before 60 years and 1 month: born 1959-03-15, to 2019-04-14.
    ['admitted at 60 years and 1 month', { fullName: 'Quá Sáu Mươi', dateOfBirth: '1959-03-15', admittedOn: '2019-04-15', status: 'PROBATIONARY' }, 'MAX_AGE'],
    ['official after a 2-week probation', { fullName: 'Dự Bị Ngắn', dateOfBirth: '1990-01-01', admittedOn: '2019-03-15', officialOn: '2019-04-01' }, 'PROBATION_NOT_OVER'],
    ['official a day before the 12 months end', { fullName: 'Thiếu Một Ngày', dateOfBirth: '1990-01-01', admittedOn: '2019-03-15', officialOn: '2020-03-14' }, 'PROBATION_NOT_OVER'],
    ['OFFICIAL without a date, admitted 6 months ago', { fullName: 'Chính Thức Sớm', dateOfBirth: '1990-01-01', admittedOn: addMonths(todayInVietnam(), -6) }, 'PROBATION_NOT_OVER'],
  ])('createMember refuses a member %s (RULE_VIOLATION) and creates nothing', async (_what, fields, rule) => {
    const before = await memberCount();
    const response = await createMember(fields);
    ruleBroken(response, rule);
    expect(response.errors?.[0].extensions?.messageVi).toEqual(expect.any(String));
    expect(await memberCount()).toBe(before);
  });

  it('says what the date is about, in English and Vietnamese', async () => {
    const young = await createMember({ fullName: 'Tuổi Mười', dateOfBirth: '2010-01-01', admittedOn: '2020-01-01', status: 'PROBATIONARY' });
    expect(young.errors?.[0].message).toBe("Admitted on 2020-01-01: the candidate must be at least 18 full years old on the day of the cell's vote; eligible from 2028-01-01");
    expect(young.errors?.[0].extensions?.messageVi).toMatch(/^Vào Đảng ngày 01\/01\/2020: quần chúng phải đủ 18 tuổi/);
    const short = await createMember({ fullName: 'Dự Bị Hai Tuần', dateOfBirth: '1990-01-01', admittedOn: '2019-03-15', officialOn: '2019-04-01' });
    expect(short.errors?.[0].message).toBe('Official on 2019-04-01: the probation ends on 2020-03-15; the cell considers recognition from that day on');
  });

  it.each([
    ['admitted on the day of 18 full years', { fullName: 'Vừa Đủ Mười Tám', dateOfBirth: '2001-03-15', admittedOn: '2019-03-15', status: 'PROBATIONARY' }],
    ['admitted on the last day of 60 full years', { fullName: 'Vừa Sáu Mươi', dateOfBirth: '1959-03-15', admittedOn: '2019-04-14', status: 'PROBATIONARY' }],
    ['official on the day the 12 months end', { fullName: 'Đủ Mười Hai Tháng', dateOfBirth: '1990-01-01', admittedOn: '2019-03-15', officialOn: '2020-03-15' }],
    ['official later than that (a late decision)', { fullName: 'Công Nhận Muộn', dateOfBirth: '1990-01-01', admittedOn: '2019-03-15', officialOn: '2020-05-02' }],
    ['PROBATIONARY since 2015 (its cell has not considered recognition yet)', { fullName: 'Dự Bị Từ Lâu', dateOfBirth: '1985-01-01', admittedOn: '2015-06-01', status: 'PROBATIONARY' }],
    ['with no date of birth (the age rule is left out)', { fullName: 'Không Rõ Tuổi', admittedOn: '2019-06-01', officialOn: '2020-06-01' }],
  ])('createMember accepts a member %s', async (_what, fields) => {
    ok(await createMember(fields));
  });

  it('updateMember holds a change of the dates to the rules and writes nothing when refused', async () => {
    const member = await buildMember(server.dataSource, cell, { fullName: 'Sửa Ngày Vào', dateOfBirth: '1990-01-01', admittedOn: '2019-03-15', officialOn: '2020-03-15' });
    ruleBroken(await server.gql(UPDATE_MEMBER, { id: gid.member(member), input: { version: member.version, officialOn: '2019-09-15' } }, asCommittee()), 'PROBATION_NOT_OVER');
    ruleBroken(await server.gql(UPDATE_MEMBER, { id: gid.member(member), input: { version: member.version, dateOfBirth: '2005-01-01' } }, asCommittee()), 'MIN_AGE');
    const stored = await server.dataSource.getRepository(Member).findOneByOrFail({ id: member.id });
    expect(stored).toMatchObject({ officialOn: '2020-03-15', dateOfBirth: '1990-01-01', version: member.version });
    const moved = ok(await server.gql<{ updateMember: { admittedOn: string; officialOn: string } }>(UPDATE_MEMBER, { id: gid.member(member), input: { version: member.version, admittedOn: '2019-01-10', officialOn: '2020-01-10' } }, asCommittee()));
    expect(moved.updateMember).toMatchObject({ admittedOn: '2019-01-10', officialOn: '2020-01-10' });
  });

  it('an old record that breaks the rules can still have its name changed; a change of its dates must meet them', async () => {
    // Written before these rules (the factory writes rows as they are): admitted at 15.
    const legacy = await buildMember(server.dataSource, cell, { fullName: 'Hồ Sơ Cũ', dateOfBirth: '2000-01-01', admittedOn: '2015-06-01', officialOn: '2016-06-01' });
    const renamed = ok(await server.gql<{ updateMember: { fullName: string; version: number } }>(UPDATE_MEMBER, { id: gid.member(legacy), input: { version: legacy.version, fullName: 'Hồ Sơ Cũ Đổi Tên' } }, asCommittee()));
    expect(renamed.updateMember.fullName).toBe('Hồ Sơ Cũ Đổi Tên');
    ruleBroken(await server.gql(UPDATE_MEMBER, { id: gid.member(legacy), input: { version: renamed.updateMember.version, admittedOn: '2016-06-01', officialOn: '2017-06-01' } }, asCommittee()), 'MIN_AGE');
  });

  it('the import reports each broken rule on its column and accepts the rest', async () => {
    const row = (name: string, born: string, status: string, admitted: string, official: string, id: string) => [name, born, 'Nữ', 'Giáo viên', status, admitted, official, 'Không', 'Không', id, cell.code ?? ''];
    const { status, body } = await importMembers([
      row('Nhập Chín Tuổi', '01/01/2010', 'Chính thức', '01/06/2019', '01/06/2020', '001210000001'),
      row('Nhập Bảy Mươi', '01/01/1940', 'Chính thức', '01/06/2019', '01/06/2020', '001140000002'),
      row('Nhập Dự Bị Ngắn', '01/01/1990', 'Chính thức', '15/03/2019', '01/04/2019', '001190000003'),
      row('Nhập Dự Bị Lâu', '01/01/1985', 'Dự bị', '01/06/2015', '', '001185000004'),
      row('Nhập Đúng Hạn', '01/01/1990', 'Chính thức', '15/03/2019', '15/03/2020', '001190000005'),
    ]);
    expect(status).toBe(200);
    expect(body).toMatchObject({ created: 2, rejected: 3 });
    expect(body.problems.map(({ row: at, column }) => [at, column])).toEqual([
      [2, 'Ngày vào Đảng'],
      [3, 'Ngày vào Đảng'],
      [4, 'Ngày chính thức'],
    ]);
    expect(body.problems[0].reason).toMatch(/^age rule broken: Vào Đảng ngày 01\/06\/2019: quần chúng phải đủ 18 tuổi.* — Admitted on 2019-06-01: the candidate must be at least 18/);
    expect(body.problems[1].reason).toMatch(/^age rule broken: .* — Admitted on 2019-06-01: the candidate is over 60/);
    expect(body.problems[2].reason).toMatch(/^probation rule broken: .* — Official on 2019-04-01: the probation ends on 2020-03-15/);
  });

  it('the import holds a changed roster row to the rules, and leaves an unchanged old one as it is', async () => {
    const legacy = await buildMember(server.dataSource, cell, { fullName: 'Nhập Hồ Sơ Cũ', gender: Gender.MALE, dateOfBirth: '2000-01-01', admittedOn: '2015-06-01', officialOn: '2016-06-01', nationalId: '001200000006' });
    const row = (official: string, secretaryMark: string) => ['Nhập Hồ Sơ Cũ', '01/01/2000', 'Nam', 'Giáo viên', 'Chính thức', '01/06/2015', official, secretaryMark, 'Không', '001200000006', cell.code ?? ''];
    expect((await importMembers([row('01/06/2016', 'Không')])).body).toMatchObject({ unchanged: 1, rejected: 0 });
    const changed = await importMembers([row('01/07/2016', 'Không')]);
    expect(changed.body).toMatchObject({ rejected: 1, problems: [{ row: 2, column: 'Ngày vào Đảng', reason: expect.stringMatching(/^age rule broken/) }] });
    expect((await server.dataSource.getRepository(Member).findOneByOrFail({ id: legacy.id })).officialOn).toBe('2016-06-01');
  });
});

describe('a member made by a ceremony keeps the dates of its path', () => {
  let member: Member;
  let candidate: Candidate;

  beforeAll(async () => {
    // The path of ./support/paths.ts: the cell's vote on 2025-02-03, the ceremony on 2025-03-24.
    const admitted = await buildCandidate(server.dataSource, cell, { fullName: 'Kiểm Thử Đường Đi', dateOfBirth: '1995-03-10', nationalId: '001195000777', steps: upTo(CandidateStage.ADMITTED) });
    ok(await server.gql('mutation ($input: CeremonyInput!) { recordCeremony(input: $input) { stage } }', { input: { candidateId: gid.candidate(admitted), version: admitted.version, ceremonyDate: '2025-03-24' } }, server.tokenFor(secretary)));
    candidate = await server.dataSource.getRepository(Candidate).findOneByOrFail({ id: admitted.id });
    member = await server.dataSource.getRepository(Member).findOneByOrFail({ candidateId: admitted.id });
    expect(member).toMatchObject({ status: MemberStatus.PROBATIONARY, admittedOn: '2025-03-24', joinedCellOn: '2025-03-24', officialOn: null });
  });

  const reload = () => server.dataSource.getRepository(Member).findOneByOrFail({ id: member.id });

  it.each([
    ['admittedOn', { admittedOn: '2019-06-01' }, ['admittedOn']],
    ['status and officialOn', { status: 'OFFICIAL', officialOn: '2026-03-24' }, ['status', 'officialOn']],
  ])('updateMember refuses a change of %s (BAD_USER_INPUT naming the fields) and writes nothing', async (_what, fields, named) => {
    const current = await reload();
    const response = await server.gql(UPDATE_MEMBER, { id: gid.member(member), input: { version: current.version, ...fields } }, asCommittee());
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toMatch(/admitted through the path keeps the status and dates its steps recorded; correct the step instead/);
    expect((response.errors?.[0].extensions?.problems as { field: string }[]).map((p) => p.field)).toEqual(named);
    expect(await reload()).toMatchObject({ status: MemberStatus.PROBATIONARY, admittedOn: '2025-03-24', officialOn: null, version: current.version });
  });

  it('updateMember changes what the path does not set; the same dates sent again are no change', async () => {
    const current = await reload();
    const done = ok(await server.gql<{ updateMember: { fullName: string; admittedOn: string } }>(UPDATE_MEMBER, { id: gid.member(member), input: { version: current.version, isPrincipal: true, admittedOn: '2025-03-24', status: 'PROBATIONARY' } }, asCommittee()));
    expect(done.updateMember).toMatchObject({ admittedOn: '2025-03-24' });
    expect((await reload()).isPrincipal).toBe(true);
  });

  it("a new birth date is held to the age rule of its cell's vote (18 full years on 2025-02-03)", async () => {
    let current = await reload();
    ruleBroken(await server.gql(UPDATE_MEMBER, { id: gid.member(member), input: { version: current.version, dateOfBirth: '2007-02-04' } }, asCommittee()), 'MIN_AGE');
    expect((await reload()).dateOfBirth).toBe('1995-03-10');
    const done = ok(await server.gql<{ updateMember: { dateOfBirth: string } }>(UPDATE_MEMBER, { id: gid.member(member), input: { version: current.version, dateOfBirth: '2007-02-03' } }, asCommittee()));
    expect(done.updateMember.dateOfBirth).toBe('2007-02-03');
    current = await reload();
    ok(await server.gql(UPDATE_MEMBER, { id: gid.member(member), input: { version: current.version, dateOfBirth: '1995-03-10' } }, asCommittee()));
  });

  it("the import reports a row that changes the path's dates, and updates one that keeps them", async () => {
    const row = (status: string, admitted: string, official: string, principal: string) => [member.fullName, '10/03/1995', 'Nữ', 'Giáo viên', status, admitted, official, 'Không', principal, '001195000777', cell.code ?? ''];
    // The outside check's row: a roster that says she was admitted in 2019 and official in 2020.
    const rewritten = await importMembers([row('Chính thức', '01/06/2019', '01/06/2020', 'Có')], false);
    expect(rewritten.status).toBe(400);
    expect(rewritten.body).toMatchObject({ updated: 0, rejected: 1 });
    expect(rewritten.body.problems.map((p) => p.column)).toEqual(['Trạng thái', 'Ngày vào Đảng', 'Ngày chính thức']);
    expect(rewritten.body.problems[1].reason).toBe("this member was admitted through the path, which recorded 24/03/2025: leave it as it is (a wrong step is corrected on the candidate's history)");
    expect(rewritten.body.problems[0].reason).toMatch(/which recorded Dự bị/);
    expect(await reload()).toMatchObject({ status: MemberStatus.PROBATIONARY, admittedOn: '2025-03-24', officialOn: null });

    const kept = await importMembers([row('Dự bị', '24/03/2025', '', 'Không')], false);
    expect(kept.body).toMatchObject({ updated: 1, rejected: 0 });
    expect(await reload()).toMatchObject({ isPrincipal: false, admittedOn: '2025-03-24' });
    expect((await server.dataSource.getRepository(Candidate).findOneByOrFail({ id: candidate.id })).probationEndsOn).toBe('2026-03-24');
  });
});

describe("a candidate's data after the cell's vote", () => {
  let voteCell: Organization;
  let voteSecretary: User;

  beforeAll(async () => {
    // A cell of its own: three official members, all of whom vote for.
    voteCell = (await buildCell(server.dataSource, city, { name: 'Chi bộ Trường THPT Biểu Quyết' })).cell;
    for (let i = 0; i < 3; i++) await buildMember(server.dataSource, voteCell);
    voteSecretary = await buildUser(server.dataSource, Role.CELL_SECRETARY, voteCell);
  });

  const vote = async (dateOfBirth: string, ageException?: { reference: string; approvedOn: string }): Promise<Candidate> => {
    const candidate = await buildCandidate(server.dataSource, voteCell, { dateOfBirth, steps: upTo(CandidateStage.DOSSIER) });
    ok(
      await server.gql(
        'mutation ($input: CellResolutionInput!) { recordCellResolution(input: $input) { stage } }',
        { input: { candidateId: gid.candidate(candidate), version: candidate.version, meetingDate: '2025-02-03', present: 3, votesFor: 3, votesAgainst: 0, ...(ageException ? { ageException } : {}) } },
        server.tokenFor(voteSecretary),
      ),
    );
    return server.dataSource.getRepository(Candidate).findOneByOrFail({ id: candidate.id });
  };
  const update = (candidate: Candidate, fields: Record<string, unknown>) => server.gql<{ updateCandidate: { dateOfBirth: string; educationLevel: string } }>(UPDATE_CANDIDATE, { id: gid.candidate(candidate), input: { version: candidate.version, ...fields } }, asCommittee());
  const stored = (candidate: Candidate) => server.dataSource.getRepository(Candidate).findOneByOrFail({ id: candidate.id });

  it('a birth date that makes the vote too young is refused (MIN_AGE on the vote of 2025-02-03); 18 on that day is accepted', async () => {
    const candidate = await vote('1995-03-10');
    ruleBroken(await update(candidate, { dateOfBirth: '2007-02-04' }), 'MIN_AGE');
    expect(await stored(candidate)).toMatchObject({ dateOfBirth: '1995-03-10', version: candidate.version });
    expect(ok(await update(candidate, { dateOfBirth: '2007-02-03' })).updateCandidate.dateOfBirth).toBe('2007-02-03');
  });

  it('a birth date that makes the vote too old is refused (MAX_AGE), unless the vote recorded an exception', async () => {
    const plain = await vote('1965-01-10');
    ruleBroken(await update(plain, { dateOfBirth: '1964-12-31' }), 'MAX_AGE');
    expect((await stored(plain)).dateOfBirth).toBe('1965-01-10');
    const excepted = await vote('1964-06-01', { reference: '123-CV/HU', approvedOn: '2025-01-20' });
    expect(ok(await update(excepted, { dateOfBirth: '1964-05-01' })).updateCandidate.dateOfBirth).toBe('1964-05-01');
  });

  it('an education below lower secondary is refused after the vote (EDUCATION)', async () => {
    const candidate = await vote('1995-03-10');
    ruleBroken(await update(candidate, { educationLevel: 'PRIMARY' }), 'EDUCATION');
    expect((await stored(candidate)).educationLevel).toBe(EducationLevel.UNIVERSITY);
  });

  it('later steps keep the rule (a candidate at PROBATIONARY), an imported history without the vote too', async () => {
    const probationary = await buildCandidate(server.dataSource, cell, { dateOfBirth: '1995-03-10', steps: upTo(CandidateStage.PROBATIONARY) });
    ruleBroken(await update(probationary, { dateOfBirth: '2008-01-01' }), 'MIN_AGE');
    // Imported at ADMITTED with only the decision's date: too young on it was too young at the vote.
    const imported = await buildCandidate(server.dataSource, cell, {
      dateOfBirth: '1995-03-10',
      steps: [
        { stage: CandidateStage.SOURCE, on: '2025-03-03' },
        { stage: CandidateStage.ADMITTED, on: '2025-03-03' },
      ],
    });
    ruleBroken(await update(imported, { dateOfBirth: '2007-03-04' }), 'MIN_AGE');
  });

  it('before the vote a birth date is not refused (failingRules tells what a vote would meet)', async () => {
    const dossier = await buildCandidate(server.dataSource, cell, { dateOfBirth: '1995-03-10', steps: upTo(CandidateStage.DOSSIER) });
    const done = ok(await update(dossier, { dateOfBirth: '2010-01-01' }));
    expect(done.updateCandidate.dateOfBirth).toBe('2010-01-01');
    const rules = ok(await server.gql<{ node: { failingRules: { rule: string }[] } }>('query ($id: ID!) { node(id: $id) { ... on Candidate { failingRules { rule } } } }', { id: gid.candidate(dossier) }, asCommittee()));
    expect(rules.node.failingRules.map((r) => r.rule)).toContain('MIN_AGE');
  });
});
