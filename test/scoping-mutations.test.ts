import type { DataSource } from 'typeorm';
import { ok, errorCode, type TestServer } from './support/server';
import { startScopingWorld, sorted, TYPENAME, type IdConnection, type ScopingWorld } from './support/scoping-world';
import { ENTITIES } from '../src/modules/entities';
import { Candidate } from '../src/modules/candidate/candidate.entity';
import { Organization } from '../src/modules/organization/organization.entity';
import { Member } from '../src/modules/member/member.entity';
import { School } from '../src/modules/school/school.entity';
import { toGlobalId, type NodeTypeName } from '../src/graphql/global-id';

/**
 * Writes across the scope boundary. Out of scope is NOT_FOUND, worded exactly like a missing id;
 * in scope but not allowed is FORBIDDEN; either way nothing in the database changes (every table
 * is compared before and after). Positive controls show the same requests succeed where allowed,
 * and a move of a cell shows that scope follows the tree.
 */
const UPDATE_CANDIDATE = `mutation ($id: ID!, $version: Int!) { updateCandidate(id: $id, input: { version: $version, fullName: "Tên Bị Sửa", notes: "đã sửa" }) { id version notes } }`;
const CREATE_CANDIDATE = `mutation ($org: ID!) { createCandidate(input: { organizationId: $org, fullName: "Nguyễn Thị Mới", dateOfBirth: "1998-02-03", gender: FEMALE, category: TEACHER, educationLevel: UNIVERSITY }) { id } }`;
const CREATE_ORGANIZATION = `mutation ($parent: ID, $kind: OrganizationKind! = SCHOOL_CELL) { createOrganization(input: { parentId: $parent, name: "Chi bộ Trường Mới", kind: $kind }) { id } }`;
const UPDATE_ORGANIZATION = `mutation ($id: ID!, $version: Int!) { updateOrganization(id: $id, input: { version: $version, name: "Tên Bị Sửa" }) { id } }`;
const MOVE_ORGANIZATION = `mutation ($id: ID!, $parent: ID!) { moveOrganization(input: { id: $id, newParentId: $parent }) { id } }`;
const CREATE_USER = `mutation ($org: ID, $role: Role!, $email: String!) { createUser(input: { organizationId: $org, role: $role, email: $email, displayName: "Người Dùng Mới", password: "mat-khau-du-dai-123" }) { id } }`;
const UPDATE_USER = `mutation ($id: ID!) { updateUser(id: $id, input: { displayName: "Tên Bị Sửa" }) { id } }`;
const CREATE_MEMBER = `mutation ($org: ID!) { createMember(input: { organizationId: $org, fullName: "Đảng Viên Mới", category: TEACHER, status: OFFICIAL }) { id } }`;
const UPDATE_MEMBER = `mutation ($id: ID!, $version: Int!) { updateMember(id: $id, input: { version: $version, fullName: "Tên Bị Sửa" }) { id } }`;
const CREATE_SCHOOL = `mutation ($org: ID!) { createSchool(input: { organizationId: $org, name: "Trường Mới", level: PRIMARY }) { id } }`;
const UPDATE_SCHOOL = `mutation ($id: ID!, $version: Int!) { updateSchool(id: $id, input: { version: $version, name: "Tên Bị Sửa" }) { id } }`;

/** The updates, each with the entity whose version the caller read and sends back. */
const VERSIONED = new Map<string, typeof Candidate | typeof Organization | typeof Member | typeof School>([
  [UPDATE_CANDIDATE, Candidate],
  [UPDATE_ORGANIZATION, Organization],
  [UPDATE_MEMBER, Member],
  [UPDATE_SCHOOL, School],
]);

let emailSequence = 0;
const freshEmail = () => `moi.${Date.now()}.${++emailSequence}@test.ketnap`;

/** Every row of every table, to prove a refused write changed nothing. */
async function snapshot(ds: DataSource): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const entity of ENTITIES) {
    const rows = await ds.getRepository(entity).createQueryBuilder('t').getRawMany();
    tables[entity.name] = sorted(rows.map((row) => JSON.stringify(row)));
  }
  return tables;
}

interface Case {
  /** Who calls. */
  as: string;
  mutation: string;
  /** Labelled records passed as variables (the version of an updated record is read from the database). */
  targets: Record<string, string | null>;
  extra?: Record<string, unknown>;
  /** For NOT_FOUND: the variable that, replaced by a missing id, must give the same error. */
  missing?: string;
}

describe('scoping: mutations across the boundary', () => {
  let server: TestServer;
  let world: ScopingWorld;

  beforeAll(async () => ({ server, world } = await startScopingWorld()));
  afterAll(() => server.close());

  async function variablesOf(c: Case, replace?: { name: string; value: string }) {
    const vars: Record<string, unknown> = { ...c.extra };
    for (const [name, label] of Object.entries(c.targets)) vars[name] = label === null ? null : world.gidOf(label);
    const versioned = VERSIONED.get(c.mutation);
    if (versioned) {
      const target = world.byLabel.get(c.targets.id!)!;
      vars.version = (await server.dataSource.getRepository<{ id: number; version: number }>(versioned).findOneByOrFail({ id: target.id })).version;
    }
    if (c.mutation === CREATE_USER) vars.email = freshEmail();
    if (replace) vars[replace.name] = replace.value;
    return vars;
  }

  async function run(c: Case, replace?: { name: string; value: string }) {
    return server.gql(c.mutation, await variablesOf(c, replace), world.principal(c.as).token);
  }

  const mutationName = (mutation: string) => /\{\s*(\w+)\(/.exec(mutation)![1];
  const title = (c: Case) => `${c.as}: ${mutationName(c.mutation)}(${Object.entries(c.targets).map(([k, v]) => `${k}: ${v}`).join(', ')}${c.extra ? ' ' + JSON.stringify(c.extra) : ''})`;

  const NOT_FOUND: Case[] = [
    // Candidates of another tenant, or of this tenant outside the caller's subtree.
    { as: 'Một.communeCommittee', mutation: UPDATE_CANDIDATE, targets: { id: 'Hai.candidateA1' }, missing: 'id' },
    { as: 'Một.communeCommittee', mutation: UPDATE_CANDIDATE, targets: { id: 'Một.candidateOther' }, missing: 'id' },
    { as: 'Một.communeCommittee', mutation: UPDATE_CANDIDATE, targets: { id: 'Một.candidateDirect' }, missing: 'id' },
    { as: 'Một.secretaryA', mutation: UPDATE_CANDIDATE, targets: { id: 'Một.candidateB' }, missing: 'id' },
    { as: 'Một.secretaryDirect', mutation: UPDATE_CANDIDATE, targets: { id: 'Một.candidateA1' }, missing: 'id' },
    { as: 'Một.mentorA', mutation: UPDATE_CANDIDATE, targets: { id: 'Một.candidateA2' }, missing: 'id' },
    { as: 'Một.reporter', mutation: UPDATE_CANDIDATE, targets: { id: 'Một.candidateA1' }, missing: 'id' },
    { as: 'Hai.cityCommittee', mutation: UPDATE_CANDIDATE, targets: { id: 'Một.candidateA1' }, missing: 'id' },
    { as: 'Một.reporter', mutation: CREATE_CANDIDATE, targets: { org: 'Hai.cellA' }, missing: 'org' },
    { as: 'Một.secretaryA', mutation: CREATE_CANDIDATE, targets: { org: 'Một.cellB' }, missing: 'org' },
    { as: 'Một.communeCommittee', mutation: CREATE_CANDIDATE, targets: { org: 'Hai.cellA' }, missing: 'org' },
    { as: 'Một.communeCommittee', mutation: CREATE_CANDIDATE, targets: { org: 'Một.otherCell' }, missing: 'org' },
    // Organizations.
    { as: 'Một.communeCommittee', mutation: CREATE_ORGANIZATION, targets: { parent: 'Một.otherCommune' }, missing: 'parent' },
    { as: 'Một.cityCommittee', mutation: CREATE_ORGANIZATION, targets: { parent: 'Hai.city' }, missing: 'parent' },
    { as: 'Một.communeCommittee', mutation: UPDATE_ORGANIZATION, targets: { id: 'Hai.commune' }, missing: 'id' },
    { as: 'Một.communeCommittee', mutation: UPDATE_ORGANIZATION, targets: { id: 'Một.otherCommune' }, missing: 'id' },
    { as: 'Một.communeCommittee', mutation: MOVE_ORGANIZATION, targets: { id: 'Một.cellA', parent: 'Một.otherCommune' }, missing: 'parent' },
    { as: 'Một.communeCommittee', mutation: MOVE_ORGANIZATION, targets: { id: 'Một.otherCell', parent: 'Một.commune' }, missing: 'id' },
    { as: 'Một.cityCommittee', mutation: MOVE_ORGANIZATION, targets: { id: 'Một.cellA', parent: 'Hai.commune' }, missing: 'parent' },
    { as: 'Một.cityCommittee', mutation: MOVE_ORGANIZATION, targets: { id: 'Hai.cellA', parent: 'Một.commune' }, missing: 'id' },
    // Users.
    { as: 'Một.communeCommittee', mutation: CREATE_USER, targets: { org: 'Hai.commune' }, extra: { role: 'COMMITTEE' }, missing: 'org' },
    { as: 'Một.communeCommittee', mutation: CREATE_USER, targets: { org: 'Hai.cellA' }, extra: { role: 'CELL_SECRETARY' }, missing: 'org' },
    { as: 'Một.communeCommittee', mutation: CREATE_USER, targets: { org: 'Một.otherCell' }, extra: { role: 'CELL_SECRETARY' }, missing: 'org' },
    { as: 'Một.communeCommittee', mutation: UPDATE_USER, targets: { id: 'Một.@cityCommittee' }, missing: 'id' },
    { as: 'Một.communeCommittee', mutation: UPDATE_USER, targets: { id: 'Hai.@secretaryA' }, missing: 'id' },
    { as: 'Một.cityCommittee', mutation: UPDATE_USER, targets: { id: '@admin' }, missing: 'id' },
    // Members and schools.
    { as: 'Một.communeCommittee', mutation: UPDATE_MEMBER, targets: { id: 'Hai.mentorA' }, missing: 'id' },
    { as: 'Một.secretaryA', mutation: UPDATE_MEMBER, targets: { id: 'Một.memberB' }, missing: 'id' },
    { as: 'Một.secretaryA', mutation: CREATE_MEMBER, targets: { org: 'Hai.cellA' }, missing: 'org' },
    { as: 'Một.communeCommittee', mutation: UPDATE_SCHOOL, targets: { id: 'Hai.schoolA' }, missing: 'id' },
    { as: 'Một.secretaryA', mutation: UPDATE_SCHOOL, targets: { id: 'Một.schoolB' }, missing: 'id' },
    { as: 'Một.communeCommittee', mutation: CREATE_SCHOOL, targets: { org: 'Hai.commune' }, missing: 'org' },
  ];

  const FORBIDDEN: Case[] = [
    // Visible, but not theirs to change.
    { as: 'Một.mentorA', mutation: UPDATE_CANDIDATE, targets: { id: 'Một.candidateA1' } },
    { as: 'Một.reporter', mutation: CREATE_CANDIDATE, targets: { org: 'Một.cellA' } },
    { as: 'Một.mentorA', mutation: CREATE_CANDIDATE, targets: { org: 'Một.cellA' } },
    { as: 'Một.secretaryA', mutation: CREATE_ORGANIZATION, targets: { parent: 'Một.commune' } },
    { as: 'Một.secretaryA', mutation: CREATE_ORGANIZATION, targets: { parent: 'Một.cellA' } },
    { as: 'Một.communeCommittee', mutation: CREATE_ORGANIZATION, targets: { parent: 'Một.city' } },
    { as: 'Một.reporter', mutation: CREATE_ORGANIZATION, targets: { parent: 'Một.commune' } },
    { as: 'Một.cityCommittee', mutation: CREATE_ORGANIZATION, targets: { parent: null }, extra: { kind: 'CITY_COMMITTEE' } },
    { as: 'Một.communeCommittee', mutation: UPDATE_ORGANIZATION, targets: { id: 'Một.city' } },
    { as: 'Một.secretaryA', mutation: UPDATE_ORGANIZATION, targets: { id: 'Một.cellA' } },
    { as: 'Một.communeCommittee', mutation: MOVE_ORGANIZATION, targets: { id: 'Một.commune', parent: 'Một.city' } },
    { as: 'Một.cityCommittee', mutation: MOVE_ORGANIZATION, targets: { id: 'Một.city', parent: 'Một.commune' } },
    { as: 'Một.communeCommittee', mutation: MOVE_ORGANIZATION, targets: { id: 'Một.cellA', parent: 'Một.city' } },
    { as: 'Một.communeCommittee', mutation: CREATE_USER, targets: { org: 'Một.city' }, extra: { role: 'COMMITTEE' } },
    { as: 'Một.communeCommittee', mutation: CREATE_USER, targets: { org: null }, extra: { role: 'SYSTEM_ADMIN' } },
    { as: 'Một.cityCommittee', mutation: CREATE_USER, targets: { org: null }, extra: { role: 'SYSTEM_ADMIN' } },
    { as: 'Một.secretaryA', mutation: CREATE_USER, targets: { org: 'Một.cellA' }, extra: { role: 'REPORTER' } },
    { as: 'Một.secretaryA', mutation: UPDATE_USER, targets: { id: 'Một.@mentorA' } },
    { as: 'Một.mentorA', mutation: UPDATE_MEMBER, targets: { id: 'Một.mentorA' } },
    { as: 'Một.mentorA', mutation: CREATE_MEMBER, targets: { org: 'Một.cellA' } },
    { as: 'Một.reporter', mutation: UPDATE_SCHOOL, targets: { id: 'Một.schoolA' } },
    { as: 'Một.secretaryA', mutation: CREATE_SCHOOL, targets: { org: 'Một.commune' } },
  ];

  describe('out of scope: NOT_FOUND, like a missing id, and nothing changes', () => {
    it.each(NOT_FOUND.map((c) => [title(c), c] as const))('%s', async (_title, c) => {
      const before = await snapshot(server.dataSource);
      const response = await run(c);
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
      expect(response.data).toBeNull();
      expect(await snapshot(server.dataSource)).toEqual(before);

      const type = TYPENAME[world.byLabel.get(c.targets[c.missing!]!)!.kind] as NodeTypeName;
      const missing = await run(c, { name: c.missing!, value: toGlobalId(type, 987654321) });
      expect(errorCode(missing)).toBe('NOT_FOUND');
      expect(response.errors![0].message).toBe(missing.errors![0].message);
    });

    it("leaves the other tenant's candidate exactly as it was (re-read from the database)", async () => {
      const repo = server.dataSource.getRepository(Candidate);
      const target = world.tenants.Hai.candidates.candidateA1;
      const before = await repo.findOneByOrFail({ id: target.id });
      const response = await server.gql(UPDATE_CANDIDATE, { id: world.gidOf('Hai.candidateA1'), version: before.version }, world.principal('Một.communeCommittee').token);
      expect(errorCode(response)).toBe('NOT_FOUND');
      const after = await repo.findOneByOrFail({ id: target.id });
      expect(after).toEqual(before);
      expect(after.fullName).toBe('Phạm Thị Hoa Hai');
      expect(after.notes).toBeNull();
    });
  });

  describe('in scope but not allowed: FORBIDDEN, and nothing changes', () => {
    it.each(FORBIDDEN.map((c) => [title(c), c] as const))('%s', async (_title, c) => {
      const before = await snapshot(server.dataSource);
      const response = await run(c);
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(response.data).toBeNull();
      expect(await snapshot(server.dataSource)).toEqual(before);
    });
  });

  describe('authority is not self-granted', () => {
    // README: a COMMITTEE writes "organizations below it"; mayDecideAdmission says who may sign
    // admission decisions (domain.md: the committee directly above decides). A commune
    // committee turning it on for itself would grant itself that authority.
    it('a commune committee cannot set mayDecideAdmission on its own organization (FORBIDDEN, nothing changes)', async () => {
      const before = await snapshot(server.dataSource);
      const response = await server.gql(
        `mutation ($id: ID!, $version: Int!) { updateOrganization(id: $id, input: { version: $version, mayDecideAdmission: true }) { mayDecideAdmission } }`,
        { id: world.gidOf('Một.commune'), version: (await server.dataSource.getRepository(Organization).findOneByOrFail({ id: world.tenants.Một.commune.id })).version },
        world.principal('Một.communeCommittee').token,
      );
      const after = await snapshot(server.dataSource);
      if (!response.errors) {
        // Put the flag back so the rest of this file runs on the world it expects.
        await server.dataSource.getRepository(Organization).update({ id: world.tenants.Một.commune.id }, { mayDecideAdmission: false });
      }
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(after).toEqual(before);
    });
  });

  describe('a move of a cell carries its scope with it', () => {
    it('after the city moves otherCell under the commune, the commune committee sees its records, but still not otherCommune', async () => {
      const city = world.principal('Một.cityCommittee');
      const commune = world.principal('Một.communeCommittee');
      ok(await server.gql(MOVE_ORGANIZATION, { id: world.gidOf('Một.otherCell'), parent: world.gidOf('Một.commune') }, city.token));
      const moved = await server.dataSource.getRepository(Organization).findOneByOrFail({ id: world.tenants.Một.cells.otherCell.id });
      expect(moved.path).toBe(`${world.tenants.Một.commune.path}${moved.id}/`);

      const lists = ok(
        await server.gql<{ candidates: IdConnection; members: IdConnection; schools: IdConnection; organizations: IdConnection }>(
          `{ candidates(first: 100) { totalCount nodes { id } } members(first: 100) { totalCount nodes { id } }
             schools(first: 100) { totalCount nodes { id } } organizations(first: 100) { totalCount nodes { id } } }`,
          {},
          commune.token,
        ),
      );
      expect(world.labelsOf(lists.candidates.nodes.map((n) => n.id))).toEqual(['Một.candidateA1', 'Một.candidateA2', 'Một.candidateB', 'Một.candidateOther']);
      expect(lists.candidates.totalCount).toBe(4);
      expect(world.labelsOf(lists.members.nodes.map((n) => n.id))).toEqual(['Một.memberB', 'Một.memberOther', 'Một.mentorA', 'Một.otherMemberA']);
      expect(world.labelsOf(lists.schools.nodes.map((n) => n.id))).toEqual(['Một.otherSchool', 'Một.schoolA', 'Một.schoolB']);
      expect(world.labelsOf(lists.organizations.nodes.map((n) => n.id))).toEqual(['Một.cellA', 'Một.cellB', 'Một.city', 'Một.commune', 'Một.otherCell']);

      const query = `query ($id: ID!) { organization(id: $id) { parent { id } moves { fromParent { id } toParent { id } } } }`;
      const asCommune = ok(await server.gql<{ organization: unknown }>(query, { id: world.gidOf('Một.otherCell') }, commune.token));
      // The former parent is out of the commune's scope: null, not its name.
      expect(asCommune.organization).toEqual({ parent: { id: world.gidOf('Một.commune') }, moves: [{ fromParent: null, toParent: { id: world.gidOf('Một.commune') } }] });
      const asCity = ok(await server.gql<{ organization: unknown }>(query, { id: world.gidOf('Một.otherCell') }, city.token));
      expect(asCity.organization).toEqual({ parent: { id: world.gidOf('Một.commune') }, moves: [{ fromParent: { id: world.gidOf('Một.otherCommune') }, toParent: { id: world.gidOf('Một.commune') } }] });

      expect(errorCode(await server.gql(`query ($id: ID!) { organization(id: $id) { id } }`, { id: world.gidOf('Một.otherCommune') }, commune.token))).toBe('NOT_FOUND');
      // Nobody else's view changed: cell A's secretary still sees only cell A; the other tenant sees nothing of it.
      const secretary = ok(await server.gql<{ candidates: IdConnection }>(`{ candidates(first: 100) { totalCount nodes { id } } }`, {}, world.principal('Một.secretaryA').token));
      expect(world.labelsOf(secretary.candidates.nodes.map((n) => n.id))).toEqual(['Một.candidateA1', 'Một.candidateA2']);
      const hai = ok(await server.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: world.gidOf('Một.candidateOther') }, world.principal('Hai.cityCommittee').token));
      expect(hai).toEqual({ node: null });
    });
  });

  describe('input checks do not reveal the records of another tenant', () => {
    const problemsOf = (response: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) =>
      response.errors?.map((e) => ({ code: e.extensions?.code, message: e.message, problems: e.extensions?.problems }));

    it("a mentor id of another tenant is refused exactly like a missing one (updateCandidate, createUser)", async () => {
      const secretary = world.principal('Một.secretaryA');
      const version = (await server.dataSource.getRepository(Candidate).findOneByOrFail({ id: world.tenants.Một.candidates.candidateA1.id })).version;
      const update = (mentorId: string) =>
        server.gql(`mutation ($id: ID!, $version: Int!, $mentorId: ID) { updateCandidate(id: $id, input: { version: $version, mentorId: $mentorId }) { id } }`, { id: world.gidOf('Một.candidateA1'), version, mentorId }, secretary.token);
      const before = await snapshot(server.dataSource);
      const otherTenant = await update(world.gidOf('Hai.mentorA'));
      const missing = await update(toGlobalId('Member', 987654321));
      expect(errorCode(otherTenant)).toBe('BAD_USER_INPUT');
      expect(problemsOf(otherTenant)).toEqual(problemsOf(missing));
      expect(await snapshot(server.dataSource)).toEqual(before);

      const committee = world.principal('Một.communeCommittee');
      const create = (memberId: string) =>
        server.gql(CREATE_USER.replace('organizationId: $org,', 'organizationId: $org, memberId: $member,').replace('$email: String!)', '$email: String!, $member: ID)'), { org: world.gidOf('Một.cellA'), role: 'MENTOR', email: freshEmail(), member: memberId }, committee.token);
      const userOtherTenant = await create(world.gidOf('Hai.mentorA'));
      const userMissing = await create(toGlobalId('Member', 987654321));
      expect(errorCode(userOtherTenant)).toBe('BAD_USER_INPUT');
      expect(problemsOf(userOtherTenant)).toEqual(problemsOf(userMissing));
      expect(await snapshot(server.dataSource)).toEqual(before);
    });

    it("another tenant's national ID numbers and organization codes are no obstacle (uniqueness is per tenant)", async () => {
      const hai = world.tenants.Hai;
      const created = ok(
        await server.gql<{ createCandidate: { nationalId: string } }>(
          `mutation ($org: ID!, $nationalId: String!) { createCandidate(input: { organizationId: $org, fullName: "Trùng Số Định Danh", dateOfBirth: "1998-02-03", gender: MALE, category: TEACHER, educationLevel: UNIVERSITY, nationalId: $nationalId }) { nationalId } }`,
          { org: world.gidOf('Một.cellA'), nationalId: hai.candidates.candidateA1.nationalId },
          world.principal('Một.secretaryA').token,
        ),
      );
      expect(created.createCandidate.nationalId).toBe(hai.candidates.candidateA1.nationalId);
      const organization = ok(
        await server.gql<{ createOrganization: { code: string } }>(
          `mutation ($parent: ID!, $code: String!) { createOrganization(input: { parentId: $parent, name: "Chi bộ Trường Trùng Mã", kind: SCHOOL_CELL, code: $code }) { code } }`,
          { parent: world.gidOf('Một.commune'), code: hai.commune.code },
          world.principal('Một.communeCommittee').token,
        ),
      );
      expect(organization.createOrganization.code).toBe(hai.commune.code);
    });
  });

  describe('positive controls: the same requests succeed where they are allowed', () => {
    const ALLOWED: Case[] = [
      { as: 'Một.communeCommittee', mutation: UPDATE_CANDIDATE, targets: { id: 'Một.candidateA1' } },
      { as: 'Một.secretaryA', mutation: UPDATE_CANDIDATE, targets: { id: 'Một.candidateA2' } },
      { as: 'admin', mutation: UPDATE_CANDIDATE, targets: { id: 'Hai.candidateOther' } },
      { as: 'Một.secretaryA', mutation: CREATE_CANDIDATE, targets: { org: 'Một.cellA' } },
      { as: 'Một.communeCommittee', mutation: CREATE_ORGANIZATION, targets: { parent: 'Một.commune' } },
      { as: 'Một.communeCommittee', mutation: UPDATE_ORGANIZATION, targets: { id: 'Một.cellB' } },
      { as: 'Một.communeCommittee', mutation: CREATE_USER, targets: { org: 'Một.cellB' }, extra: { role: 'CELL_SECRETARY' } },
      { as: 'Một.cityCommittee', mutation: CREATE_USER, targets: { org: 'Một.commune' }, extra: { role: 'COMMITTEE' } },
      { as: 'admin', mutation: CREATE_USER, targets: { org: null }, extra: { role: 'SYSTEM_ADMIN' } },
      { as: 'Một.communeCommittee', mutation: UPDATE_USER, targets: { id: 'Một.@mentorA' } },
      { as: 'Một.secretaryA', mutation: UPDATE_MEMBER, targets: { id: 'Một.otherMemberA' } },
      { as: 'Một.secretaryA', mutation: CREATE_MEMBER, targets: { org: 'Một.cellA' } },
      { as: 'Một.secretaryA', mutation: UPDATE_SCHOOL, targets: { id: 'Một.schoolA' } },
      { as: 'Hai.communeCommittee', mutation: CREATE_SCHOOL, targets: { org: 'Hai.commune' } },
    ];
    it.each(ALLOWED.map((c) => [title(c), c] as const))('%s', async (_title, c) => {
      ok(await run(c));
    });
  });
});
