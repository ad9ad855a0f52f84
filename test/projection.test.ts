import { startTestServer, ok, type TestServer } from './support/server';
import { buildCandidate, buildCell, buildMember, buildOrganization, buildUser, gid } from './factories';
import { OrganizationKind, PersonCategory, Role, StallReason } from '../src/domain/enums';
import { COMMUNE_CELL_PATH } from './support/paths';
import { withStatements } from './support/database';
import type { Organization } from '../src/modules/organization/organization.entity';
import type { Member } from '../src/modules/member/member.entity';
import type { Candidate } from '../src/modules/candidate/candidate.entity';

/**
 * A page of candidates reads only the columns the fields asked of it need (and of the cell,
 * school and mentor it joins). Every field of those types, asked alone, must answer exactly what
 * the single candidate (which reads whole records) answers, for users with and without the right
 * to restricted fields; and a partial record must never reach another field through a loader.
 */
const PATH = COMMUNE_CELL_PATH;

interface IntrospectedType {
  kind: string;
  name: string | null;
  ofType: IntrospectedType | null;
}
interface IntrospectedField {
  name: string;
  args: { type: IntrospectedType }[];
  type: IntrospectedType;
}

const named = (type: IntrospectedType): IntrospectedType => (type.ofType ? named(type.ofType) : type);

type Answer = Record<string, unknown>;

describe('a page reads only the columns its fields need', () => {
  let server: TestServer;
  let cellA: Organization;
  let cellB: Organization;
  let bare: Organization;
  let mentorA: Member;
  let full: Candidate;
  let student: Candidate;
  let across: Candidate;
  let schoolless: Candidate;
  let tokens: Record<'commune' | 'secretaryA' | 'mentorB', string>;
  const fieldsOf = new Map<string, IntrospectedField[]>();

  beforeAll(async () => {
    // A page of 50 candidates with every field of Candidate at once (history, rules, stall reasons,
    // each with every scalar) costs over the default limit: cost-limits.test.ts tests the limit.
    server = await startTestServer({ maxQueryComplexity: 1_000_000 });
    const ds = server.dataSource;
    const city = await buildOrganization(ds, null);
    const commune = await buildOrganization(ds, city);
    ({ cell: cellA } = await buildCell(ds, commune));
    ({ cell: cellB } = await buildCell(ds, commune));
    // A cell whose school is not recorded: the page's school is null.
    bare = await buildOrganization(ds, commune, { kind: OrganizationKind.SCHOOL_CELL, name: 'Chi bộ không có trường' });
    mentorA = await buildMember(ds, cellA, { nationalId: '001088000111' });
    const mentorB = await buildMember(ds, cellB);
    full = await buildCandidate(ds, cellA, {
      mentor: mentorA,
      youthUnionMember: true,
      email: 'ung.vien@truong.edu.vn',
      address: 'Số 5, phố Hàng Bài',
      notes: 'Gia đình có công với cách mạng',
      steps: [...PATH],
    });
    student = await buildCandidate(ds, cellA, {
      category: PersonCategory.STUDENT,
      grade: 11,
      dateOfBirth: '2009-04-01',
      mentor: mentorA,
      stallReasons: [{ reason: StallReason.BACKGROUND_ISSUE, note: 'Chờ xác minh', recordedOn: '2026-02-01' }],
      steps: PATH.slice(0, 2),
    });
    across = await buildCandidate(ds, cellA, { mentor: mentorB, steps: PATH.slice(0, 3) });
    schoolless = await buildCandidate(ds, bare);
    tokens = {
      commune: server.tokenFor(await buildUser(ds, Role.COMMITTEE, commune)),
      secretaryA: server.tokenFor(await buildUser(ds, Role.CELL_SECRETARY, cellA)),
      mentorB: server.tokenFor(await buildUser(ds, Role.MENTOR, cellB, mentorB)),
    };
    for (const type of ['Candidate', 'Organization', 'School', 'Member', ...['Deadline', 'NextStep', 'RuleCheck', 'CandidateStallReason', 'CandidateStageEvent', 'OrganizationMove', 'SchoolHeadcount', 'Statistics', 'User']]) {
      const data = ok(
        await server.gql<{ __type: { fields: IntrospectedField[] } | null }>(
          'query ($name: String!) { __type(name: $name) { fields { name args { type { kind name ofType { kind name } } } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }',
          { name: type },
          tokens.commune,
        ),
      );
      if (data.__type) fieldsOf.set(type, data.__type.fields);
    }
  });
  afterAll(() => server.close());

  /** The field as a selection: scalars by name, objects with their scalar fields (one level down). */
  function selection(field: IntrospectedField): string {
    const type = named(field.type);
    if (type.kind === 'SCALAR' || type.kind === 'ENUM') return field.name;
    const inner = (fieldsOf.get(type.name!) ?? [])
      .filter((f) => f.args.every((arg) => arg.type.kind !== 'NON_NULL'))
      .filter((f) => ['SCALAR', 'ENUM'].includes(named(f.type).kind))
      .map((f) => f.name);
    return `${field.name} { __typename ${inner.join(' ')} }`;
  }

  /** Fields that can be asked without arguments. */
  const askable = (type: string) => (fieldsOf.get(type) ?? []).filter((field) => field.args.every((arg) => arg.type.kind !== 'NON_NULL'));

  async function compare(token: string, fields: string): Promise<Answer[]> {
    const page = ok(await server.gql<{ candidates: { nodes: Answer[] } }>(`{ candidates(first: 50) { nodes { id ${fields} } } }`, {}, token)).candidates.nodes;
    expect(page.length).toBeGreaterThan(0);
    for (const node of page) {
      const single = ok(await server.gql<{ candidate: Answer }>(`query ($id: ID!) { candidate(id: $id) { id ${fields} } }`, { id: node.id }, token)).candidate;
      expect({ fields, answer: node }).toEqual({ fields, answer: single });
    }
    return page;
  }

  it.each(['commune', 'secretaryA', 'mentorB'] as const)('every field of Candidate, asked alone, answers as the single candidate does (%s)', async (user) => {
    const fields = askable('Candidate');
    expect(fields.length).toBeGreaterThan(25);
    for (const field of fields) await compare(tokens[user], selection(field));
  });

  it.each(['commune', 'secretaryA', 'mentorB'] as const)('every field of the cell, school and mentor, asked alone, answers as the single candidate does (%s)', async (user) => {
    for (const [relation, type] of [['cell', 'Organization'], ['school', 'School'], ['mentor', 'Member']] as const) {
      const fields = askable(type);
      expect(fields.length).toBeGreaterThan(8);
      for (const field of fields) await compare(tokens[user], `${relation} { ${selection(field)} }`);
    }
  });

  it('the answers are the records, restricted fields included for those who may read them', async () => {
    const fields = 'fullName phone nationalId email address notes awarenessCertificateNumber probationEndsOn grade school { name } mentor { fullName nationalId }';
    const answers = (token: string) => compare(token, fields).then((nodes) => Object.fromEntries(nodes.map((node) => [node.id, node])));
    const commune = await answers(tokens.commune);
    expect(commune[gid.candidate(full)]).toMatchObject({
      phone: '0912345678',
      nationalId: full.nationalId,
      email: 'ung.vien@truong.edu.vn',
      address: 'Số 5, phố Hàng Bài',
      notes: 'Gia đình có công với cách mạng',
      awarenessCertificateNumber: '15-CN/TTCT',
      probationEndsOn: '2026-03-24',
      mentor: { fullName: mentorA.fullName, nationalId: '001088000111' },
    });
    expect(commune[gid.candidate(student)]).toMatchObject({ grade: 11 });
    expect(commune[gid.candidate(schoolless)]).toMatchObject({ school: null });
    const mentor = await answers(tokens.mentorB);
    expect(Object.keys(mentor)).toEqual([gid.candidate(across)]);
    expect(mentor[gid.candidate(across)]).toMatchObject({ phone: null, nationalId: null, notes: null, school: null });
  });

  it("reads only the asked-for columns, and whole records when a field's reads are not declared", async () => {
    await withStatements(server.dataSource, async (statements) => {
      const pageSql = async (fields: string) => {
        statements.length = 0;
        ok(await server.gql(`{ candidates(first: 50) { nodes { id ${fields} } } }`, {}, tokens.commune));
        const page = statements.find((sql) => sql.includes('page_total_count'));
        expect(page).toBeDefined();
        return page!;
      };
      const narrow = await pageSql('fullName cell { name } school { level } mentor { fullName }');
      for (const column of ['candidate_full_name', 'candidate_sort_name', 'joined_cell_name', 'joined_school_level', 'joined_mentor_full_name']) expect(narrow).toContain(column);
      for (const column of ['candidate_phone', 'candidate_national_id', 'candidate_created_at', 'joined_cell_code', 'joined_school_name', 'joined_mentor_national_id']) expect(narrow).not.toContain(column);
      // deadline is a resolver whose reads are not declared: the candidate is read whole (but for
      // the long texts, which a loader fetches), and so is a cell asked for its statistics.
      const wide = await pageSql('deadline { kind } cell { statistics { period { __typename } } }');
      for (const column of ['candidate_phone', 'candidate_deadline_on', 'candidate_created_at', 'joined_cell_code', 'joined_cell_created_at']) expect(wide).toContain(column);
      for (const column of ['candidate_notes', 'candidate_address', 'candidate_email']) expect(wide).not.toContain(column);
    });
  });

  it("a partial cell or mentor never reaches another field through the request's loaders", async () => {
    // The page reads the cell's name only; the mentor's cell (the same cell) comes from the loader
    // afterwards and must be whole.
    const fields = 'cell { name } mentor { fullName cell { id name code kind createdAt version } }';
    const page = await compare(tokens.commune, fields);
    const node = page.find((n) => n.id === gid.candidate(full))!;
    expect(node.mentor).toMatchObject({ cell: { id: gid.org(cellA), code: cellA.code, kind: 'SCHOOL_CELL', createdAt: expect.any(String) } });
  });
});
