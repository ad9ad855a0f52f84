import type { DataSource } from 'typeorm';
import { startTestServer, type TestServer } from './support/server';
import { buildCandidate, buildCell, buildMember, buildOrganization, buildUser, gid, TEST_PASSWORD } from './factories';
import { upTo } from './support/paths';
import { reachOf, type ProbeAction } from './support/reach';
import { CandidateStage, OrganizationKind, Role } from '../src/domain/enums';
import { Organization } from '../src/modules/organization/organization.entity';
import { Candidate } from '../src/modules/candidate/candidate.entity';
import { User } from '../src/modules/user/user.entity';
import type { Candidate as CandidateRow } from '../src/modules/candidate/candidate.entity';

/**
 * Authority cannot be self-granted (issue 13, item 1). No sequence of writes that a role may make
 * (create or move organizations, create users or take them over, then act as them) gives it, or
 * any user or organization it creates, a right over a candidate that it did not hold: only the
 * holder of the authority to decide admissions grants it, a move never changes who decides
 * without that holder, and nothing changes for candidates waiting for a decision.
 *
 * Each test builds its own tenant:
 *
 *   city (decides)
 *    ├─ commune ─┬─ cell a1  (a sympathizer; a candidate voted by the cell: waiting)
 *    │           ├─ cell a2  (a source)
 *    │           └─ school committee S (decides, granted by the city) ── cell s1 (a sympathizer; one waiting)
 *    ├─ other commune ── cell b1
 *    └─ cell d (directly under the city)
 */
const STEP_ACTIONS: readonly ProbeAction[] = ['recordCellStep', 'recordAwarenessClass', 'resolveAsCommittee', 'decide', 'correctStep'];

interface AuthorityWorld {
  label: string;
  city: Organization;
  commune: Organization;
  schoolCommittee: Organization;
  otherCommune: Organization;
  cells: { a1: Organization; a2: Organization; s1: Organization; b1: Organization; d: Organization };
  candidates: CandidateRow[];
  waiting: { a1: CandidateRow; s1: CandidateRow };
  users: Record<'city' | 'commune' | 'schoolCommittee' | 'secretary' | 'mentor' | 'reporter', User>;
}

let sequence = 0;

async function buildAuthorityWorld(ds: DataSource): Promise<AuthorityWorld> {
  const label = `Q${++sequence}`;
  const city = await buildOrganization(ds, null, { name: `Thành ủy ${label}`, mayDecideAdmission: true });
  const commune = await buildOrganization(ds, city, { name: `Đảng ủy phường ${label}`, mayDecideAdmission: false });
  const otherCommune = await buildOrganization(ds, city, { name: `Đảng ủy xã ${label}`, mayDecideAdmission: false });
  const schoolCommittee = await buildOrganization(ds, commune, { name: `Đảng ủy Trường ${label}`, kind: OrganizationKind.SCHOOL_COMMITTEE, mayDecideAdmission: true });
  const cell = async (parent: Organization, name: string) => (await buildCell(ds, parent, { name: `Chi bộ ${name} ${label}` })).cell;
  const cells = { a1: await cell(commune, 'A1'), a2: await cell(commune, 'A2'), s1: await cell(schoolCommittee, 'S1'), b1: await cell(otherCommune, 'B1'), d: await cell(city, 'D') };
  const mentors = new Map<number, Awaited<ReturnType<typeof buildMember>>>();
  for (const c of Object.values(cells)) mentors.set(c.id, await buildMember(ds, c));
  const candidate = (c: Organization, stage: CandidateStage) =>
    buildCandidate(ds, c, { mentor: stage === CandidateStage.SOURCE ? undefined : mentors.get(c.id), steps: upTo(stage) });
  const waiting = { a1: await candidate(cells.a1, CandidateStage.CELL_RESOLVED), s1: await candidate(cells.s1, CandidateStage.COMMITTEE_RESOLVED) };
  const candidates = [
    await candidate(cells.a1, CandidateStage.SYMPATHIZER),
    await candidate(cells.a2, CandidateStage.SOURCE),
    await candidate(cells.s1, CandidateStage.SYMPATHIZER),
    await candidate(cells.b1, CandidateStage.SOURCE),
    await candidate(cells.d, CandidateStage.SOURCE),
    waiting.a1,
    waiting.s1,
  ];
  const users = {
    city: await buildUser(ds, Role.COMMITTEE, city),
    commune: await buildUser(ds, Role.COMMITTEE, commune),
    schoolCommittee: await buildUser(ds, Role.COMMITTEE, schoolCommittee),
    secretary: await buildUser(ds, Role.CELL_SECRETARY, cells.a1),
    mentor: await buildUser(ds, Role.MENTOR, cells.a1, mentors.get(cells.a1.id) ?? null),
    reporter: await buildUser(ds, Role.REPORTER, commune),
  };
  return { label, city, commune, schoolCommittee, otherCommune, cells, candidates, waiting, users };
}

describe('the authority to decide admissions cannot be self-granted', () => {
  let server: TestServer;
  let ds: DataSource;

  beforeAll(async () => {
    // The reach probes travel 50 to a batched request.
    server = await startTestServer({ maxBatchOperations: 50 });
    ds = server.dataSource;
  }, 120_000);
  afterAll(() => server.close());

  const login = async (email: string, password = TEST_PASSWORD): Promise<string | null> => {
    const response = await server.gql<{ login: { token: string } }>('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: password });
    return response.data?.login?.token ?? null;
  };
  const org = (id: number) => ds.getRepository(Organization).findOneByOrFail({ id });
  const code = (response: { errors?: { extensions?: { code?: string } }[] }) => response.errors?.[0]?.extensions?.code;

  const createOrganization = (token: string, parent: Organization, kind: OrganizationKind, mayDecideAdmission?: boolean) =>
    server.gql<{ createOrganization: { id: string; mayDecideAdmission: boolean } }>(
      'mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id mayDecideAdmission } }',
      { input: { parentId: gid.org(parent), kind, name: `Tổ chức mới ${++sequence}`, ...(mayDecideAdmission === undefined ? {} : { mayDecideAdmission }) } },
      token,
    );
  const grant = async (token: string, organizationId: number, mayDecideAdmission: boolean) =>
    server.gql('mutation ($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { mayDecideAdmission } }', { id: gid.org({ id: organizationId }), input: { version: (await org(organizationId)).version, mayDecideAdmission } }, token);
  const move = (token: string, organizationId: number, newParentId: number) =>
    server.gql('mutation ($input: MoveOrganizationInput!) { moveOrganization(input: $input) { id } }', { input: { id: gid.org({ id: organizationId }), newParentId: gid.org({ id: newParentId }) } }, token);
  const createUser = (token: string, role: Role, organizationId: number) => {
    const email = `tao.${role.toLowerCase()}.${++sequence}@authority.test`;
    return server
      .gql<{ createUser: { id: string } }>('mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }', { input: { email, displayName: 'Người được tạo', role, organizationId: gid.org({ id: organizationId }), password: TEST_PASSWORD } }, token)
      .then((response) => ({ response, email }));
  };
  const setPassword = (token: string, userId: number, password: string) =>
    server.gql('mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id } }', { id: gid.user({ id: userId }), input: { password } }, token);
  const reach = async (token: string, world: AuthorityWorld) => reachOf(server, `Bearer ${token}`, world.candidates.map((c) => c.id), STEP_ACTIONS);

  describe('the chain the outside review found', () => {
    it('a commune committee cannot create a deciding school committee, grant it, move a cell under it and decide as its user', async () => {
      const world = await buildAuthorityWorld(ds);
      const commune = server.tokenFor(world.users.commune);
      const organizationsBefore = await ds.getRepository(Organization).countBy({ tenantId: world.city.id });

      // 1. Creating it with the authority: refused, nothing written.
      const withAuthority = await createOrganization(commune, world.commune, OrganizationKind.SCHOOL_COMMITTEE, true);
      expect(code(withAuthority)).toBe('FORBIDDEN');
      expect(await ds.getRepository(Organization).countBy({ tenantId: world.city.id })).toBe(organizationsBefore);

      // 2. Creating it without, then granting it: the grant is refused.
      const created = await createOrganization(commune, world.commune, OrganizationKind.SCHOOL_COMMITTEE);
      expect(created.data?.createOrganization.mayDecideAdmission).toBe(false);
      const newId = (await ds.getRepository(Organization).find({ where: { tenantId: world.city.id }, order: { id: 'DESC' }, take: 1 }))[0].id;
      expect(code(await grant(commune, newId, true))).toBe('FORBIDDEN');
      expect((await org(newId)).mayDecideAdmission).toBe(false);

      // 3. Moving a cell under it and acting as its new committee user: the city still decides.
      expect(code(await move(commune, world.cells.a2.id, newId))).toBeUndefined();
      const { response, email } = await createUser(commune, Role.COMMITTEE, newId);
      expect(code(response)).toBeUndefined();
      const token = await login(email);
      expect(token).not.toBeNull();
      const a2Candidate = world.candidates.find((c) => c.organizationId === world.cells.a2.id)!;
      const pairs = await reachOf(server, `Bearer ${token}`, [a2Candidate.id], ['decide', 'resolveAsCommittee']);
      expect([...pairs]).toEqual([`resolveAsCommittee ${a2Candidate.id}`]);
      const cityPairs = await reachOf(server, `Bearer ${server.tokenFor(world.users.city)}`, [a2Candidate.id], ['decide']);
      expect([...cityPairs]).toEqual([`decide ${a2Candidate.id}`]);

      // 4. Moving a cell under the school committee that does hold the authority: refused (it would change who decides).
      const moveToHolder = await move(commune, world.cells.a2.id, world.schoolCommittee.id);
      expect(code(moveToHolder)).toBe('FORBIDDEN');
      expect((await org(world.cells.a2.id)).parentId).toBe(newId);

      // 5. Staffing or taking over the holder's committee: refused; its display name is still the commune's to edit.
      expect(code((await createUser(commune, Role.COMMITTEE, world.schoolCommittee.id)).response)).toBe('FORBIDDEN');
      expect(code(await setPassword(commune, world.users.schoolCommittee.id, 'mat-khau-moi-123456'))).toBe('FORBIDDEN');
      expect(await login(world.users.schoolCommittee.email, 'mat-khau-moi-123456')).toBeNull();
      const rename = await server.gql('mutation ($id: ID!) { updateUser(id: $id, input: { displayName: "Tên mới" }) { displayName } }', { id: gid.user(world.users.schoolCommittee) }, commune);
      expect(code(rename)).toBeUndefined();
    });

    it('the holder grants: the city gives a committee the authority, and its users then decide (and the city no longer does)', async () => {
      const world = await buildAuthorityWorld(ds);
      const city = server.tokenFor(world.users.city);
      const created = await createOrganization(city, world.commune, OrganizationKind.SCHOOL_COMMITTEE, true);
      expect(created.data?.createOrganization.mayDecideAdmission).toBe(true);
      // A commune without the authority is granted it by the city: a2's candidate (no one waiting) is then the commune's to decide.
      expect(code(await move(city, world.cells.a1.id, world.otherCommune.id))).toBe('CONFLICT');
      const moved = await ds.getRepository(Candidate).findOneByOrFail({ id: world.waiting.a1.id });
      expect(moved.organizationId).toBe(world.cells.a1.id);
      expect((await org(world.cells.a1.id)).parentId).toBe(world.commune.id);
      // Withdraw the pending candidate first (the grant would change who decides for a1 too).
      await ds.getRepository(Candidate).update({ id: world.waiting.a1.id }, { stage: CandidateStage.DROPPED });
      expect(code(await grant(city, world.commune.id, true))).toBeUndefined();
      const a2Candidate = world.candidates.find((c) => c.organizationId === world.cells.a2.id)!;
      expect([...(await reachOf(server, `Bearer ${server.tokenFor(world.users.commune)}`, [a2Candidate.id], ['decide']))]).toEqual([`decide ${a2Candidate.id}`]);
      expect([...(await reachOf(server, `Bearer ${city}`, [a2Candidate.id], ['decide']))]).toEqual([]);
    });

    it('a cell never holds the authority, whoever asks', async () => {
      const world = await buildAuthorityWorld(ds);
      const city = server.tokenFor(world.users.city);
      const response = await createOrganization(city, world.commune, OrganizationKind.SCHOOL_CELL, true);
      expect(code(response)).toBe('BAD_USER_INPUT');
      expect(code(await grant(city, world.cells.a2.id, true))).toBe('BAD_USER_INPUT');
      expect((await org(world.cells.a2.id)).mayDecideAdmission).toBe(false);
    });

    it('a committee created under a city committee without the authority does not get it by default', async () => {
      const world = await buildAuthorityWorld(ds);
      const district = await buildOrganization(ds, world.city, { name: `Huyện ủy ${world.label}`, kind: OrganizationKind.CITY_COMMITTEE, mayDecideAdmission: false });
      const districtUser = await buildUser(ds, Role.COMMITTEE, district);
      const created = await createOrganization(server.tokenFor(districtUser), district, OrganizationKind.CITY_COMMITTEE);
      expect(code(created)).toBeUndefined();
      expect(created.data?.createOrganization.mayDecideAdmission).toBe(false);
    });
  });

  describe('nothing changes who resolves or decides while a candidate waits for a decision', () => {
    it('a move of the waiting cell, even by the holder, is refused with CONFLICT and changes nothing', async () => {
      const world = await buildAuthorityWorld(ds);
      const response = await move(server.tokenFor(world.users.city), world.cells.a1.id, world.schoolCommittee.id);
      expect(code(response)).toBe('CONFLICT');
      expect(response.errors?.[0]?.extensions).toMatchObject({ reason: 'DECISION_PENDING', pendingCandidates: 1 });
      expect((await org(world.cells.a1.id)).path).toBe(world.cells.a1.path);
    });

    it('withdrawing the authority of the committee deciding for a waiting candidate is refused', async () => {
      const world = await buildAuthorityWorld(ds);
      const response = await grant(server.tokenFor(world.users.city), world.schoolCommittee.id, false);
      expect(code(response)).toBe('CONFLICT');
      expect((await org(world.schoolCommittee.id)).mayDecideAdmission).toBe(true);
    });

    it('a move that changes neither who resolves nor who decides is accepted while candidates wait', async () => {
      const world = await buildAuthorityWorld(ds);
      // The school committee (and its waiting cell) moves from the commune to the other commune: S still decides for s1.
      const response = await move(server.tokenFor(world.users.city), world.schoolCommittee.id, world.otherCommune.id);
      expect(code(response)).toBeUndefined();
      expect((await org(world.schoolCommittee.id)).parentId).toBe(world.otherCommune.id);
    });
  });

  /**
   * Generic: for every role at every level, chains of its own writes. The reach of the principal
   * and of everything it creates (the (action, candidate) pairs the step mutations accept) never
   * grows beyond what the principal and the accounts it could create or take over in the
   * original tree reached.
   */
  describe('chains of writes never grow what a principal and its creations reach', () => {
    type Step = 'newCommittee' | 'newCommitteeWithAuthority' | 'newCityCommittee' | 'grantNew' | 'grantOthers' | 'moveCellsToNew' | 'moveCellsToHolder' | 'moveCellsHome' | 'staffNew' | 'staffAll' | 'takeOver';
    const CHAINS: Step[][] = [
      ['newCommittee', 'moveCellsToNew', 'staffNew', 'grantNew'],
      ['newCommitteeWithAuthority', 'staffNew', 'moveCellsToNew'],
      ['newCommittee', 'staffNew', 'grantNew', 'moveCellsToNew'],
      ['moveCellsToHolder', 'staffAll', 'takeOver'],
      ['newCityCommittee', 'staffNew', 'moveCellsToNew'],
      ['grantOthers', 'moveCellsHome', 'staffAll', 'takeOver'],
    ];
    const PRINCIPALS = ['commune', 'schoolCommittee', 'city', 'secretary', 'mentor', 'reporter'] as const;

    // The city holds every right of its tenant already: two chains show it stays inside it; roles that write no structure, one.
    const chainsOf = (who: (typeof PRINCIPALS)[number]) => (who === 'commune' || who === 'schoolCommittee' ? CHAINS : who === 'city' ? CHAINS.slice(0, 2) : CHAINS.slice(0, 1));
    const cases = PRINCIPALS.flatMap((who) => chainsOf(who).map((chain) => [who, chain.join(' → ')] as const));

    it.each(cases)('%s: %s', async (who, chainText) => {
      const chain = chainText.split(' → ') as Step[];
      const world = await buildAuthorityWorld(ds);
      const principal = world.users[who];
      const token = server.tokenFor(principal);
      const principalOrg = await org(principal.organizationId!);
      /** Acting accounts by (role, organization): same role, same organization, same rights. */
      const actors = new Map<string, string>([[`${principal.role}@${principal.organizationId}`, token]]);
      const created: number[] = [];
      const tenantOrgs = async () => ds.getRepository(Organization).find({ where: { tenantId: world.city.id }, order: { id: 'ASC' } });
      const staff = async (organizations: Organization[]) => {
        for (const o of organizations) {
          const role = o.kind === OrganizationKind.SCHOOL_CELL ? Role.CELL_SECRETARY : Role.COMMITTEE;
          if (actors.has(`${role}@${o.id}`)) continue;
          const { response, email } = await createUser(token, role, o.id);
          if (response.errors) continue;
          const acting = await login(email);
          if (!acting) throw new Error(`a created user could not log in: ${email}`);
          actors.set(`${role}@${o.id}`, acting);
        }
      };
      const takeOver = async () => {
        const users = await ds.getRepository(User).find({ where: { tenantId: world.city.id } });
        for (const user of users) {
          if (user.id === principal.id || actors.has(`${user.role}@${user.organizationId}`)) continue;
          const password = `chiem-quyen-${user.id}-0123`;
          if ((await setPassword(token, user.id, password)).errors) continue;
          const acting = await login(user.email, password);
          if (acting) actors.set(`${user.role}@${user.organizationId}`, acting);
        }
      };
      const reachOfAll = async () => {
        const all = new Set<string>();
        for (const acting of actors.values()) for (const pair of await reach(acting, world)) all.add(pair);
        return all;
      };
      const cells = Object.values(world.cells).map((c) => c.id);
      const steps: Record<Step, () => Promise<void>> = {
        newCommittee: async () => {
          const response = await createOrganization(token, principalOrg, OrganizationKind.SCHOOL_COMMITTEE);
          if (response.data?.createOrganization) created.push((await tenantOrgs()).pop()!.id);
        },
        newCommitteeWithAuthority: async () => {
          const response = await createOrganization(token, principalOrg, OrganizationKind.SCHOOL_COMMITTEE, true);
          if (response.data?.createOrganization) created.push((await tenantOrgs()).pop()!.id);
        },
        newCityCommittee: async () => {
          const response = await createOrganization(token, principalOrg, OrganizationKind.CITY_COMMITTEE);
          if (response.data?.createOrganization) created.push((await tenantOrgs()).pop()!.id);
        },
        grantNew: async () => {
          for (const id of created) await grant(token, id, true);
        },
        grantOthers: async () => {
          for (const o of await tenantOrgs()) if (o.kind !== OrganizationKind.SCHOOL_CELL) await grant(token, o.id, !o.mayDecideAdmission);
        },
        moveCellsToNew: async () => {
          for (const id of created) for (const cell of cells) await move(token, cell, id);
        },
        moveCellsToHolder: async () => {
          for (const cell of cells) await move(token, cell, world.schoolCommittee.id);
        },
        moveCellsHome: async () => {
          for (const cell of cells) await move(token, cell, principalOrg.id);
        },
        staffNew: async () => staff((await tenantOrgs()).filter((o) => created.includes(o.id))),
        staffAll: async () => staff(await tenantOrgs()),
        takeOver,
      };

      // What the principal reaches with the accounts it may create or take over in the tree as it is.
      await staff(await tenantOrgs());
      await takeOver();
      const baseline = await reachOfAll();
      for (const step of chain) {
        await steps[step]();
        const now = await reachOfAll();
        const grown = [...now].filter((pair) => !baseline.has(pair));
        expect({ after: step, grown }).toEqual({ after: step, grown: [] });
      }
    }, 120_000);
  });
});
