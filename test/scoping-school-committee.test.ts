import { startTestServer, ok, type TestServer } from './support/server';
import { buildCandidate, buildMember, buildOrganization, buildUser, gid } from './factories';
import { insertSchool } from '../src/modules/school/school.rows';
import { OrganizationKind, Role, SchoolLevel } from '../src/domain/enums';
import type { Organization } from '../src/modules/organization/organization.entity';
import type { School } from '../src/modules/school/school.entity';
import type { User } from '../src/modules/user/user.entity';

/**
 * Schools that do not sit on a cell: a large school's own committee (Đảng bộ trường) holds the
 * school, with cells below it; and a school without a party organization hangs on the commune
 * committee of its area. A cell's secretary reads its ancestors, so `organization.school` of the
 * school committee must follow the School rules (not show a school the caller cannot list).
 *
 *   city ── commune ─┬─ schoolCommittee (bigSchool) ── innerCell (member, candidate)
 *                    └─ (areaSchool, no party organization of its own)
 */
describe('scoping: schools above the cells', () => {
  let server: TestServer;
  let city: Organization;
  let commune: Organization;
  let schoolCommittee: Organization;
  let innerCell: Organization;
  let bigSchool: School;
  let areaSchool: School;
  const users = {} as Record<'admin' | 'city' | 'commune' | 'schoolCommittee' | 'secretary' | 'mentor' | 'reporterCity' | 'reporterCell', User>;
  let labelOf: Map<string, string>;

  beforeAll(async () => {
    server = await startTestServer();
    const ds = server.dataSource;
    city = await buildOrganization(ds, null, { name: 'Thành ủy Ba' });
    commune = await buildOrganization(ds, city, { name: 'Đảng ủy xã Ba' });
    schoolCommittee = await buildOrganization(ds, commune, { name: 'Đảng bộ Trường THPT Ba', kind: OrganizationKind.SCHOOL_COMMITTEE });
    bigSchool = await insertSchool(ds.manager, schoolCommittee, { name: 'Trường THPT Ba', level: SchoolLevel.UPPER_SECONDARY });
    areaSchool = await insertSchool(ds.manager, commune, { name: 'Trường Mầm non Ba', level: SchoolLevel.PRESCHOOL });
    innerCell = await buildOrganization(ds, schoolCommittee, { name: 'Chi bộ Giáo viên Toán Ba', kind: OrganizationKind.SCHOOL_CELL });
    const mentor = await buildMember(ds, innerCell);
    await buildCandidate(ds, innerCell, { mentor });
    users.admin = await buildUser(ds, Role.SYSTEM_ADMIN, null);
    users.city = await buildUser(ds, Role.COMMITTEE, city);
    users.commune = await buildUser(ds, Role.COMMITTEE, commune);
    users.schoolCommittee = await buildUser(ds, Role.COMMITTEE, schoolCommittee);
    users.secretary = await buildUser(ds, Role.CELL_SECRETARY, innerCell);
    users.mentor = await buildUser(ds, Role.MENTOR, innerCell, mentor);
    users.reporterCity = await buildUser(ds, Role.REPORTER, city);
    users.reporterCell = await buildUser(ds, Role.REPORTER, innerCell);
    labelOf = new Map([
      [gid.org(city), 'city'],
      [gid.org(commune), 'commune'],
      [gid.org(schoolCommittee), 'schoolCommittee'],
      [gid.org(innerCell), 'innerCell'],
      [gid.school(bigSchool), 'bigSchool'],
      [gid.school(areaSchool), 'areaSchool'],
    ]);
  });
  afterAll(() => server.close());

  const label = (ref: { id: string } | null) => (ref === null ? null : (labelOf.get(ref.id) ?? `?${ref.id}`));

  it.each([
    ['admin', ['areaSchool', 'bigSchool'], { schoolCommittee: 'bigSchool', areaSchoolOrganization: 'commune' }],
    ['city', ['areaSchool', 'bigSchool'], { schoolCommittee: 'bigSchool', areaSchoolOrganization: 'commune' }],
    ['reporterCity', ['areaSchool', 'bigSchool'], { schoolCommittee: 'bigSchool', areaSchoolOrganization: 'commune' }],
    ['commune', ['areaSchool', 'bigSchool'], { schoolCommittee: 'bigSchool', areaSchoolOrganization: 'commune' }],
    ['schoolCommittee', ['bigSchool'], { schoolCommittee: 'bigSchool', areaSchoolOrganization: undefined }],
    ['secretary', [], { schoolCommittee: null, areaSchoolOrganization: undefined }],
    ['mentor', [], { schoolCommittee: null, areaSchoolOrganization: undefined }],
    ['reporterCell', [], { schoolCommittee: null, areaSchoolOrganization: undefined }],
  ] as const)('%s lists schools %j, and nested school fields show no other', async (who, schools, nested) => {
    const token = server.tokenFor(users[who]);
    const data = ok(
      await server.gql<{
        schools: { totalCount: number; nodes: { id: string; organization: { id: string } | null; hasPartyOrganization: boolean }[] };
        organizations: { nodes: { id: string; school: { id: string } | null }[] };
        candidates: { nodes: { school: { id: string } | null }[] };
        node: { id: string } | null;
      }>(
        `query ($big: ID!) {
          schools(first: 100) { totalCount nodes { id organization { id } hasPartyOrganization } }
          organizations(first: 100) { nodes { id school { id } } }
          candidates(first: 100) { nodes { school { id } } }
          node(id: $big) { id } }`,
        { big: gid.school(bigSchool) },
        token,
      ),
    );
    const listed = data.schools.nodes.map((s) => label(s)!).sort();
    expect(listed).toEqual([...schools].sort());
    expect(data.schools.totalCount).toBe(schools.length);
    expect(data.node === null ? null : label(data.node)).toBe(schools.includes('bigSchool' as never) ? 'bigSchool' : null);

    // Every school reached through a nested field is one the caller can list.
    const reached = [...data.organizations.nodes.map((o) => label(o.school)), ...data.candidates.nodes.map((c) => label(c.school))].filter((l) => l !== null);
    for (const school of reached) expect(listed).toContain(school);

    const committee = data.organizations.nodes.find((o) => label(o) === 'schoolCommittee');
    expect(committee).toBeDefined(); // an ancestor or part of the subtree for every one of them
    expect(label(committee!.school)).toBe(nested.schoolCommittee);
    const area = data.schools.nodes.find((s) => label(s) === 'areaSchool');
    expect(area ? { organization: label(area.organization), hasPartyOrganization: area.hasPartyOrganization } : undefined).toEqual(
      nested.areaSchoolOrganization === undefined ? undefined : { organization: nested.areaSchoolOrganization, hasPartyOrganization: false },
    );
  });
});
