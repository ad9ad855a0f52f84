import { startTestServer, ok, type TestServer } from './support/server';
import { buildCityToCell, gid } from './factories';
import { sortKey } from '../src/common/text';
import { DictionarySortKeys1764547200000 } from '../migrations/1764547200000-DictionarySortKeys';
import type { Organization } from '../src/modules/organization/organization.entity';

/**
 * Names sort in dictionary order on SQLite and MySQL alike (issue 14 item 7): a word that is a
 * prefix of another first ("Nguyễn An" < "Nguyễn Anh" < "Nguyễn Anh Thư", "Phường 1" <
 * "Phường 11"), numbers by value ("Phường 2" < "Phường 10", also past 64 bits), tones only to
 * break ties, đ after d. Before, the end of a key's letters sorted after every letter and digit:
 * "Phường 11" came before "Phường 1" and "Nguyễn Anh Thư" before "Nguyễn Anh"; numbers went digit
 * by digit ("Phường 10" before "Phường 2").
 */
const PLACES = [
  'Phường 1',
  'Phường 2',
  // digits of other scripts by value too: full-width 3, Arabic-Indic 12 (before, left out of the key)
  'Phường ３',
  'Phường 9',
  'Phường 10',
  'Phường 11',
  'Phường ١٢',
  'Phường 12A',
  'Phường 12B',
  'Phường 100',
  'Phường 999999999999999999999',
  'Phường 1000000000000000000001',
  'Phường Bình',
  'Phường Bình An',
  'Phường Bình Hòa',
  'Phường Bình Hưng',
  'Phường Bình Hưng Hòa',
  'Phường Bình Thạnh',
];
const PEOPLE = [
  'Dương An',
  'Đặng An',
  'Nguyễn An',
  'Nguyễn An Bình',
  'Nguyễn Anh',
  'Nguyễn Anh Thư',
  'Nguyễn Ân',
  'Nguyễn Bá Anh',
  'Nguyễn Thị Anh',
  'Nguyễn Thị Ánh',
  'Nguyễn Thị Ánh Tuyết',
];

const CREATE_ORG = `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`;
const CREATE_SCHOOL = `mutation ($input: CreateSchoolInput!) { createSchool(input: $input) { id } }`;
const CREATE_MEMBER = `mutation ($input: CreateMemberInput!) { createMember(input: $input) { id } }`;
const CREATE_CANDIDATE = `mutation ($input: CreateCandidateInput!) { createCandidate(input: $input) { id } }`;
const PAGE = 'totalCount pageInfo { hasNextPage endCursor } nodes';
const ORGS = `query ($filter: OrganizationFilter, $first: Int, $after: String) { list: organizations(filter: $filter, first: $first, after: $after) { ${PAGE} { name } } }`;
const SCHOOLS = `query ($filter: SchoolFilter, $first: Int, $after: String) { list: schools(filter: $filter, first: $first, after: $after) { ${PAGE} { name } } }`;
const MEMBERS = `query ($filter: MemberFilter, $first: Int, $after: String) { list: members(filter: $filter, first: $first, after: $after) { ${PAGE} { name: fullName } } }`;
const CANDIDATES = `query ($filter: CandidateFilter, $first: Int, $after: String) { list: candidates(filter: $filter, orderBy: { field: NAME }, first: $first, after: $after) { ${PAGE} { name: fullName } } }`;

interface Page {
  list: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { name: string }[] };
}

describe('names in dictionary order, on every database', () => {
  let server: TestServer;
  let city: Organization;
  let commune: Organization;
  let cell: Organization;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer();
    const tree = await buildCityToCell(server.dataSource, { city: 'Thành ủy Thứ Tự', commune: 'Đảng ủy Phường 0', cell: { name: 'Chi bộ Thứ Tự' } });
    ({ city, commune, cell } = tree);
    token = server.tokenFor(tree.committee);
    // Created last name first, so that the ids' order is no accidental help.
    for (const place of [...PLACES].reverse()) {
      ok(await server.gql(CREATE_ORG, { input: { parentId: gid.org(city), name: `Đảng ủy ${place}`, kind: 'COMMUNE_COMMITTEE' } }, token));
      ok(await server.gql(CREATE_SCHOOL, { input: { organizationId: gid.org(commune), name: `Trường Mầm non ${place}`, level: 'PRESCHOOL' } }, token));
    }
    for (const person of [...PEOPLE].reverse()) {
      ok(await server.gql(CREATE_MEMBER, { input: { organizationId: gid.org(cell), fullName: person, category: 'TEACHER', status: 'OFFICIAL', admittedOn: '2015-05-19', officialOn: '2016-05-19' } }, token));
      ok(await server.gql(CREATE_CANDIDATE, { input: { organizationId: gid.org(cell), fullName: person, dateOfBirth: '1996-04-02', gender: 'FEMALE', category: 'TEACHER', educationLevel: 'UNIVERSITY' } }, token));
    }
  });
  afterAll(() => server.close());

  const LISTS = [
    { kind: 'organizations', query: ORGS, filter: () => ({ parentId: gid.org(city) }), expected: ['Đảng ủy Phường 0', ...PLACES.map((p) => `Đảng ủy ${p}`)] },
    { kind: 'schools', query: SCHOOLS, filter: () => ({ under: gid.org(commune), search: 'Mầm non' }), expected: PLACES.map((p) => `Trường Mầm non ${p}`) },
    { kind: 'members', query: MEMBERS, filter: () => ({ under: gid.org(cell) }), expected: PEOPLE },
    { kind: 'candidates', query: CANDIDATES, filter: () => ({ under: gid.org(cell) }), expected: PEOPLE },
  ];

  async function names(query: string, filter: Record<string, unknown>): Promise<string[]> {
    return ok(await server.gql<Page>(query, { filter, first: 100 }, token)).list.nodes.map((n) => n.name);
  }

  /** The whole list read two rows a page, through the cursors (compared with the keys in SQL). */
  async function paged(query: string, filter: Record<string, unknown>): Promise<string[]> {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Page = ok(await server.gql<Page>(query, { filter, first: 2, after }, token));
      seen.push(...page.list.nodes.map((n) => n.name));
      after = page.list.pageInfo.hasNextPage ? page.list.pageInfo.endCursor : null;
    } while (after);
    return seen;
  }

  it.each(LISTS)('lists $kind in dictionary order: prefix first, numbers by value', async ({ query, filter, expected }) => {
    expect(await names(query, filter())).toEqual(expected);
  });

  it.each(LISTS)('pages through $kind in the same order', async ({ query, filter, expected }) => {
    expect(await paged(query, filter())).toEqual(expected);
  });

  it('keys are printable ASCII above the space (MySQL pads a shorter key with spaces) and fit the column', () => {
    for (const name of [...PLACES, ...PEOPLE, 'K’Bang', 'Vương 王 Minh', `Phường ${'9'.repeat(300)}`, 'Bà Rịa-Vũng Tàu', ' ']) {
      expect(sortKey(name)).toMatch(/^[\x21-\x7e]{1,250}$/);
    }
    expect(sortKey('K’Bang')).toBe(sortKey("K'Bang"));
    expect(sortKey('Bà Rịa-Vũng Tàu')).toBe(sortKey('Bà Rịa - Vũng Tàu'));
  });

  it('the migration rebuilds the keys of existing rows: written with the former keys, read back in dictionary order', async () => {
    const migration = new DictionarySortKeys1764547200000();
    const runner = server.dataSource.createQueryRunner();
    try {
      // The rows as the previous version wrote them.
      await migration.down(runner);
      const former = await names(ORGS, { parentId: gid.org(city) });
      expect(former.indexOf('Đảng ủy Phường 11')).toBeLessThan(former.indexOf('Đảng ủy Phường 1'));
      const formerPeople = await names(MEMBERS, { under: gid.org(cell) });
      expect(formerPeople.indexOf('Nguyễn Anh Thư')).toBeLessThan(formerPeople.indexOf('Nguyễn Anh'));

      await migration.up(runner);
      for (const [table, column] of [['organization', 'name'], ['school', 'name'], ['member', 'full_name'], ['candidate', 'full_name']]) {
        const rows = (await runner.query(`SELECT ${column} AS name, sort_name FROM ${table}`)) as { name: string; sort_name: string }[];
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) expect([row.name, row.sort_name]).toEqual([row.name, sortKey(row.name)]);
      }
    } finally {
      await runner.release();
    }
    for (const { query, filter, expected } of LISTS) expect(await names(query, filter())).toEqual(expected);
  });
});
