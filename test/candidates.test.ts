import { startTestServer, ok, errorCode, type TestServer } from './support/server';
import { buildCandidate, buildCell, buildMember, buildOrganization, buildUser, gid } from './factories';
import { CandidateStage, PersonCategory, Role, SchoolLevel, StallReason } from '../src/domain/enums';
import { Candidate, CandidateStageEvent } from '../src/modules/candidate/candidate.entity';
import { AuditLog } from '../src/modules/audit/audit.entity';
import type { Organization } from '../src/modules/organization/organization.entity';

const CREATE = `mutation ($input: CreateCandidateInput!) {
  createCandidate(input: $input) {
    id fullName stage stageSince version nationalId
    cell { name } mentor { fullName }
    history { fromStage toStage occurredOn recordedBy { email } }
    stallReasons { reason note }
  }
}`;
const UPDATE = `mutation ($id: ID!, $input: UpdateCandidateInput!) {
  updateCandidate(id: $id, input: $input) { id fullName version grade category mentor { fullName } stallReasons { reason } }
}`;
const LIST = `query ($filter: CandidateFilter, $orderBy: CandidateOrder, $first: Int, $after: String) {
  candidates(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { fullName } }
  }
}`;

interface ListResult {
  candidates: { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null }; edges: { node: { fullName: string } }[] };
}

describe('candidates', () => {
  let server: TestServer;
  let commune: Organization;
  let cell: Organization;
  let otherCell: Organization;
  let secretaryToken: string;
  let secretaryEmail: string;

  beforeAll(async () => {
    server = await startTestServer();
    const city = await buildOrganization(server.dataSource, null, { name: 'Thành ủy Ứng Viên' });
    commune = await buildOrganization(server.dataSource, city);
    cell = (await buildCell(server.dataSource, commune)).cell;
    otherCell = (await buildCell(server.dataSource, commune)).cell;
    const secretary = await buildUser(server.dataSource, Role.CELL_SECRETARY, cell);
    secretaryToken = server.tokenFor(secretary);
    secretaryEmail = secretary.email;
  });
  afterAll(() => server.close());

  const baseInput = () => ({
    organizationId: gid.org(cell),
    fullName: 'Trần Thị Mai',
    dateOfBirth: '1994-06-20',
    gender: 'FEMALE',
    category: 'TEACHER',
    educationLevel: 'UNIVERSITY',
  });

  async function candidateCount(): Promise<number> {
    return server.dataSource.getRepository(Candidate).count();
  }

  it('creates a candidate at SOURCE with the first step of their history and an audit row', async () => {
    const mentor = await buildMember(server.dataSource, cell, { fullName: 'Lê Văn Giúp Đỡ' });
    const data = ok(
      await server.gql<{ createCandidate: Record<string, unknown> & { id: string } }>(
        CREATE,
        { input: { ...baseInput(), mentorId: gid.member(mentor), identifiedOn: '2026-03-02', nationalId: '001094012345', stallReasons: [{ reason: 'NOT_WILLING', note: 'chưa muốn' }] } },
        secretaryToken,
      ),
    );
    expect(data.createCandidate).toMatchObject({
      fullName: 'Trần Thị Mai',
      stage: 'SOURCE',
      stageSince: '2026-03-02',
      version: 1,
      nationalId: '001094012345',
      mentor: { fullName: 'Lê Văn Giúp Đỡ' },
      history: [{ fromStage: null, toStage: 'SOURCE', occurredOn: '2026-03-02', recordedBy: { email: secretaryEmail } }],
      stallReasons: [{ reason: 'NOT_WILLING', note: 'chưa muốn' }],
    });
    const audit = await server.dataSource.getRepository(AuditLog).findOneByOrFail({ action: 'candidate.create', subjectId: Number(Buffer.from(data.createCandidate.id, 'base64url').toString().split(':')[1]) });
    expect(JSON.parse(audit.changes ?? '{}').fullName).toEqual([null, 'Trần Thị Mai']);
  });

  it.each([
    ['a mentor from another cell', async () => ({ mentorId: gid.member(await buildMember(server.dataSource, otherCell)) }), 'BAD_USER_INPUT'],
    ['an impossible date of birth', async () => ({ dateOfBirth: '2001-02-30' }), 'BAD_USER_INPUT'],
    ['a date of birth in the future', async () => ({ dateOfBirth: '2099-01-01' }), 'BAD_USER_INPUT'],
    ['a grade for a teacher', async () => ({ grade: 12 }), 'BAD_USER_INPUT'],
    ['an 11-digit national ID', async () => ({ nationalId: '00109401234' }), 'BAD_USER_INPUT'],
    ['a malformed email', async () => ({ email: 'not-an-email' }), 'BAD_USER_INPUT'],
    ["the commune above the secretary's cell (visible, not theirs)", async () => ({ organizationId: gid.org(commune) }), 'FORBIDDEN'],
    ['a member id as the cell', async () => ({ organizationId: gid.member(await buildMember(server.dataSource, cell)) }), 'BAD_USER_INPUT'],
    ['an unknown cell', async () => ({ organizationId: gid.org({ id: 999999 }) }), 'NOT_FOUND'],
    ['an unknown stall reason', async () => ({ stallReasons: [{ reason: 'LAZY' }] }), 'BAD_USER_INPUT'],
  ])('refuses %s and writes nothing', async (_label, extra, code) => {
    const before = await candidateCount();
    const events = await server.dataSource.getRepository(CandidateStageEvent).count();
    const response = await server.gql(CREATE, { input: { ...baseInput(), ...(await extra()) } }, secretaryToken);
    expect(errorCode(response)).toBe(code);
    expect(response.errors?.[0].message).toBeTruthy();
    expect(await candidateCount()).toBe(before);
    expect(await server.dataSource.getRepository(CandidateStageEvent).count()).toBe(events);
  });

  it('refuses a committee that names a commune instead of a cell', async () => {
    const committeeToken = server.tokenFor(await buildUser(server.dataSource, Role.COMMITTEE, commune));
    const before = await candidateCount();
    const response = await server.gql(CREATE, { input: { ...baseInput(), organizationId: gid.org(commune) } }, committeeToken);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(await candidateCount()).toBe(before);
  });

  it('refuses a national ID already used in the tenant', async () => {
    await buildCandidate(server.dataSource, cell, { nationalId: '001094099999' });
    const response = await server.gql(CREATE, { input: { ...baseInput(), nationalId: '001094099999' } }, secretaryToken);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
  });

  it('edits data with the current version, refuses a stale one with CONFLICT, and replaces stall reasons', async () => {
    const candidate = await buildCandidate(server.dataSource, cell, { fullName: 'Nguyễn Văn Sửa' });
    const first = ok(
      await server.gql<{ updateCandidate: { version: number } }>(
        UPDATE,
        { id: gid.candidate(candidate), input: { version: 1, fullName: 'Nguyễn Văn  Sửa Đổi ', stallReasons: [{ reason: 'BACKGROUND_ISSUE' }, { reason: 'QUALIFICATION' }] } },
        secretaryToken,
      ),
    );
    expect(first.updateCandidate).toMatchObject({ fullName: 'Nguyễn Văn Sửa Đổi', version: 2, stallReasons: [{ reason: 'BACKGROUND_ISSUE' }, { reason: 'QUALIFICATION' }] });
    const stale = await server.gql(UPDATE, { id: gid.candidate(candidate), input: { version: 1, fullName: 'Ghi đè' } }, secretaryToken);
    expect(errorCode(stale)).toBe('CONFLICT');
    const row = await server.dataSource.getRepository(Candidate).findOneByOrFail({ id: candidate.id });
    expect(row.fullName).toBe('Nguyễn Văn Sửa Đổi');
    const cleared = ok(await server.gql<{ updateCandidate: { stallReasons: unknown[] } }>(UPDATE, { id: gid.candidate(candidate), input: { version: 2, stallReasons: [] } }, secretaryToken));
    expect(cleared.updateCandidate.stallReasons).toEqual([]);
  });

  it('lets exactly one of two simultaneous edits of the same version through; the other gets CONFLICT', async () => {
    const candidate = await buildCandidate(server.dataSource, cell);
    const [a, b] = await Promise.all([
      server.gql(UPDATE, { id: gid.candidate(candidate), input: { version: 1, notes: 'bản A' } }, secretaryToken),
      server.gql(UPDATE, { id: gid.candidate(candidate), input: { version: 1, notes: 'bản B' } }, secretaryToken),
    ]);
    const codes = [a, b].map((r) => errorCode(r) ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    const row = await server.dataSource.getRepository(Candidate).findOneByOrFail({ id: candidate.id });
    expect(row.version).toBe(2);
    expect(row.notes).toBe(errorCode(a) ? 'bản B' : 'bản A');
  });

  it('refuses to make a teacher a student with a grade only when the grade fits the category', async () => {
    const candidate = await buildCandidate(server.dataSource, cell);
    const wrong = await server.gql(UPDATE, { id: gid.candidate(candidate), input: { version: 1, grade: 11 } }, secretaryToken);
    expect(errorCode(wrong)).toBe('BAD_USER_INPUT');
    const right = ok(await server.gql<{ updateCandidate: { grade: number; category: string } }>(UPDATE, { id: gid.candidate(candidate), input: { version: 1, grade: 11, category: 'STUDENT' } }, secretaryToken));
    expect(right.updateCandidate).toMatchObject({ grade: 11, category: 'STUDENT' });
  });

  describe('listing', () => {
    let listCell: Organization;
    let token: string;
    beforeAll(async () => {
      const city = await buildOrganization(server.dataSource, null, { name: 'Thành ủy Danh Sách' });
      listCell = (await buildCell(server.dataSource, city, { level: SchoolLevel.UPPER_SECONDARY })).cell;
      const primaryCell = (await buildCell(server.dataSource, city, { level: SchoolLevel.PRIMARY })).cell;
      token = server.tokenFor(await buildUser(server.dataSource, Role.COMMITTEE, city));
      for (const fullName of ['Đặng Đức', 'Dương Dũng', 'Anh Ánh', 'Anh Anh', 'Bùi Bình', 'Ánh Ảnh']) {
        await buildCandidate(server.dataSource, listCell, { fullName });
      }
      await buildCandidate(server.dataSource, listCell, {
        fullName: 'Lý Thị Học Sinh',
        category: PersonCategory.STUDENT,
        grade: 12,
        dateOfBirth: '2008-05-10',
        steps: [
          { stage: CandidateStage.SOURCE, on: '2025-10-01' },
          { stage: CandidateStage.SYMPATHIZER, on: '2026-01-10' },
        ],
        stallReasons: [{ reason: StallReason.UNDER_AGE, recordedOn: '2026-01-10' }],
      });
      await buildCandidate(server.dataSource, primaryCell, { fullName: 'Tạ Văn Tiểu Học' });
    });

    it('sorts names in Vietnamese dictionary order (a < á, d < đ), stably', async () => {
      const data = ok(await server.gql<ListResult>(LIST, { filter: { under: gid.org(listCell), categories: ['TEACHER'] } }, token));
      expect(data.candidates.edges.map((e) => e.node.fullName)).toEqual(['Anh Anh', 'Anh Ánh', 'Ánh Ảnh', 'Bùi Bình', 'Dương Dũng', 'Đặng Đức']);
    });

    it('finds names ignoring diacritics and case, also when typed with combining marks', async () => {
      const plain = ok(await server.gql<ListResult>(LIST, { filter: { search: 'DANG DUC' } }, token));
      expect(plain.candidates.edges.map((e) => e.node.fullName)).toEqual(['Đặng Đức']);
      const combining = ok(await server.gql<ListResult>(LIST, { filter: { search: 'Đặng Đức'.normalize('NFD') } }, token));
      expect(combining.candidates.totalCount).toBe(1);
      const wildcard = ok(await server.gql<ListResult>(LIST, { filter: { search: '%' } }, token));
      expect(wildcard.candidates.totalCount).toBe(8);
    });

    it('filters by stage, category, school level and stall reason', async () => {
      const stage = ok(await server.gql<ListResult>(LIST, { filter: { stages: ['SYMPATHIZER'] } }, token));
      expect(stage.candidates.edges.map((e) => e.node.fullName)).toEqual(['Lý Thị Học Sinh']);
      const students = ok(await server.gql<ListResult>(LIST, { filter: { categories: ['STUDENT'] } }, token));
      expect(students.candidates.totalCount).toBe(1);
      const primary = ok(await server.gql<ListResult>(LIST, { filter: { schoolLevels: ['PRIMARY'] } }, token));
      expect(primary.candidates.edges.map((e) => e.node.fullName)).toEqual(['Tạ Văn Tiểu Học']);
      const stalled = ok(await server.gql<ListResult>(LIST, { filter: { stallReasons: ['UNDER_AGE', 'QUALIFICATION'] } }, token));
      expect(stalled.candidates.edges.map((e) => e.node.fullName)).toEqual(['Lý Thị Học Sinh']);
    });

    it('pages with first/after through every row once, with an exact totalCount', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page: ListResult = ok(await server.gql<ListResult>(LIST, { first: 3, after }, token));
        expect(page.candidates.totalCount).toBe(8);
        expect(page.candidates.pageInfo.hasPreviousPage).toBe(after !== null);
        seen.push(...page.candidates.edges.map((e) => e.node.fullName));
        after = page.candidates.pageInfo.hasNextPage ? page.candidates.pageInfo.endCursor : null;
        pages += 1;
      } while (after);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(8);
    });

    it('orders by date of birth descending when asked', async () => {
      const data = ok(await server.gql<ListResult>(LIST, { orderBy: { field: 'DATE_OF_BIRTH', direction: 'DESC' }, first: 1 }, token));
      expect(data.candidates.edges[0].node.fullName).toBe('Lý Thị Học Sinh');
    });

    it('refuses page sizes over the maximum and foreign cursors', async () => {
      expect(errorCode(await server.gql(LIST, { first: 101 }, token))).toBe('BAD_USER_INPUT');
      expect(errorCode(await server.gql(LIST, { first: 0 }, token))).toBe('BAD_USER_INPUT');
      expect(errorCode(await server.gql(LIST, { after: 'bm90LWEtY3Vyc29y' }, token))).toBe('BAD_USER_INPUT');
    });
  });
});
