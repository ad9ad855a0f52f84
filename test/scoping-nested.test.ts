import { ok, errorCode, type TestServer } from './support/server';
import {
  startScopingWorld,
  PRINCIPAL_NAMES,
  READS_SENSITIVE,
  recordA1AsCityCommittee,
  sorted,
  TENANT_LABELS,
  type Entry,
  type Kind,
  type PrincipalCase,
  type ScopingWorld,
} from './support/scoping-world';

/**
 * Nested fields never reach past the scope: children, cells, parent, ancestors, tenant, school,
 * mentor, cell, history.recordedBy, user.organization/member show only what the caller may read
 * (null or left out otherwise), and restricted fields (nationalId, phone) are null for roles
 * that may read a record but not its sensitive data.
 */
describe('scoping: nested fields and restricted fields', () => {
  let server: TestServer;
  let world: ScopingWorld;

  beforeAll(async () => {
    ({ server, world } = await startScopingWorld());
    for (const t of TENANT_LABELS) await recordA1AsCityCommittee(server.dataSource, world, t);
  });
  afterAll(() => server.close());

  type Ref = { id: string } | null;
  const label = (ref: Ref) => (ref === null ? null : (world.byGid.get(ref.id)?.label ?? `?${ref.id}`));
  const labels = (refs: { id: string }[]) => sorted(refs.map((r) => label(r)!));

  describe('organization(id: city) { children cells } shows only what is in scope', () => {
    const CITY_SUBTREE = { children: ['commune', 'directCell', 'otherCommune'], cells: ['cellA', 'cellB', 'directCell', 'otherCell'] };
    it.each([
      ['admin', 'Một', CITY_SUBTREE],
      ['Một.cityCommittee', 'Một', CITY_SUBTREE],
      ['Một.reporter', 'Một', CITY_SUBTREE],
      ['Một.communeCommittee', 'Một', { children: ['commune'], cells: ['cellA', 'cellB'] }],
      ['Một.secretaryA', 'Một', { children: ['commune'], cells: ['cellA'] }],
      ['Một.mentorA', 'Một', { children: ['commune'], cells: ['cellA'] }],
      ['Một.secretaryDirect', 'Một', { children: ['directCell'], cells: ['directCell'] }],
      ['admin', 'Hai', CITY_SUBTREE],
      ['Hai.communeCommittee', 'Hai', { children: ['commune'], cells: ['cellA', 'cellB'] }],
      ['Hai.secretaryDirect', 'Hai', { children: ['directCell'], cells: ['directCell'] }],
    ])('%s, city of %s: %j', async (principal, tenant, expected) => {
      const data = ok(
        await server.gql<{ organization: { name: string; children: { id: string; name: string }[]; cells: { id: string; name: string }[] } }>(
          `query ($id: ID!) { organization(id: $id) { name children { id name } cells { id name } } }`,
          { id: world.gidOf(`${tenant}.city`) },
          world.principal(principal).token,
        ),
      );
      expect(data.organization.name).toBe(`Thành ủy ${tenant}`);
      expect(labels(data.organization.children)).toEqual(sorted(expected.children.map((k) => `${tenant}.${k}`)));
      expect(labels(data.organization.cells)).toEqual(sorted(expected.cells.map((k) => `${tenant}.${k}`)));
      for (const org of [...data.organization.children, ...data.organization.cells]) expect(org.name).toBe(world.byGid.get(org.id)!.name);
    });

    it.each(TENANT_LABELS.flatMap((t) => ['cityCommittee', 'communeCommittee', 'secretaryA', 'secretaryDirect', 'mentorA', 'reporter'].map((r) => [`${t}.${r}`, t === 'Một' ? 'Hai' : 'Một'])))(
      '%s asking for the city of %s gets NOT_FOUND',
      async (principal, other) => {
        const response = await server.gql(`query ($id: ID!) { organization(id: $id) { name children { name } cells { name } } }`, { id: world.gidOf(`${other}.city`) }, world.principal(principal).token);
        expect(errorCode(response)).toBe('NOT_FOUND');
        expect(response.data).toBeNull();
      },
    );
  });

  describe('a commune committee climbs to its ancestors through parent/ancestors, never sideways', () => {
    it('sees city as parent of its commune and of cellA, and only its own commune under the city', async () => {
      const p = world.principal('Một.communeCommittee');
      const data = ok(
        await server.gql<{ organization: { parent: { name: string; parent: null; children: { name: string }[] } | null; ancestors: { name: string }[] } }>(
          `query ($id: ID!) { organization(id: $id) { parent { name parent { name } children { name } } ancestors { name } } }`,
          { id: world.gidOf('Một.cellA') },
          p.token,
        ),
      );
      expect(data.organization).toEqual({
        parent: { name: 'Đảng ủy phường Một', parent: { name: 'Thành ủy Một' }, children: [{ name: 'Chi bộ Trường THCS Một A' }, { name: 'Chi bộ Trường Tiểu học Một B' }] },
        ancestors: [{ name: 'Thành ủy Một' }, { name: 'Đảng ủy phường Một' }],
      });
    });
  });

  describe('candidate(id) { mentor cell school nationalId }', () => {
    const A1 = (t: string) => ({
      mentor: { fullName: `Lê Văn Giúp ${t}` },
      cell: { name: `Chi bộ Trường THCS ${t} A` },
    });
    it.each([
      ['admin', true],
      ['Một.cityCommittee', true],
      ['Một.communeCommittee', true],
      ['Một.secretaryA', true],
      ['Một.mentorA', false],
    ])('%s reads candidateA1 with its mentor, cell and school; nationalId visible: %s', async (principal, sensitive) => {
      const data = ok(
        await server.gql<{ candidate: Record<string, unknown> }>(
          `query ($id: ID!) { candidate(id: $id) { fullName mentor { fullName } cell { name } school { name } nationalId phone } }`,
          { id: world.gidOf('Một.candidateA1') },
          world.principal(principal).token,
        ),
      );
      const a1 = world.tenants.Một.candidates.candidateA1;
      expect(a1.nationalId).toMatch(/^[0-9]{12}$/);
      expect(data.candidate).toEqual({
        fullName: 'Phạm Thị Hoa Một',
        ...A1('Một'),
        school: { name: world.tenants.Một.schools.schoolA.name },
        nationalId: sensitive ? a1.nationalId : null,
        phone: sensitive ? '0912345678' : null,
      });
    });

    it.each(['Một.secretaryDirect', 'Một.reporter', 'Hai.cityCommittee', 'Hai.mentorA'])('%s gets NOT_FOUND for candidateA1 of Một (no partial data)', async (principal) => {
      const response = await server.gql(`query ($id: ID!) { candidate(id: $id) { fullName nationalId mentor { fullName } } }`, { id: world.gidOf('Một.candidateA1') }, world.principal(principal).token);
      expect(errorCode(response)).toBe('NOT_FOUND');
      expect(response.data).toBeNull();
    });

    it('the cell secretary of directCell sees its candidate with no mentor, its cell and school, and the nationalId', async () => {
      const data = ok(
        await server.gql<{ candidate: Record<string, unknown> }>(
          `query ($id: ID!) { candidate(id: $id) { mentor { fullName } cell { name } school { name } nationalId } }`,
          { id: world.gidOf('Hai.candidateDirect') },
          world.principal('Hai.secretaryDirect').token,
        ),
      );
      expect(data.candidate).toEqual({
        mentor: null,
        cell: { name: 'Chi bộ Trường THPT Hai C' },
        school: { name: world.tenants.Hai.schools.directSchool.name },
        nationalId: world.tenants.Hai.candidates.candidateDirect.nationalId,
      });
    });
  });

  describe('history { recordedBy } names the recording user only to those who may see that user', () => {
    it.each([
      ['admin', 'Hai.@cityCommittee'],
      ['Hai.cityCommittee', 'Hai.@cityCommittee'],
      ['Hai.communeCommittee', null],
      ['Hai.secretaryA', null],
      ['Hai.mentorA', null],
    ])('%s: %s', async (principal, expected) => {
      const data = ok(
        await server.gql<{ candidate: { history: { toStage: string; cell: { name: string } | null; recordedBy: { id: string } | null }[] } }>(
          `query ($id: ID!) { candidate(id: $id) { history { toStage cell { name } recordedBy { id } } } }`,
          { id: world.gidOf('Hai.candidateA1') },
          world.principal(principal).token,
        ),
      );
      expect(data.candidate.history).toHaveLength(1);
      expect(data.candidate.history[0].toStage).toBe('SOURCE');
      expect(data.candidate.history[0].cell).toEqual({ name: 'Chi bộ Trường THCS Hai A' });
      expect(label(data.candidate.history[0].recordedBy)).toBe(expected);
    });
  });

  /** Every nested field of every visible record, for every role, against what that role sees. */
  describe.each(PRINCIPAL_NAMES)('%s: every nested field of every listed record', (name) => {
    let p: PrincipalCase;
    const sees = (kind: Kind, l: string | null | undefined) => (l && p.sees[kind].includes(l) ? l : null);
    const entriesOf = (kind: Kind) => world.entries.filter((e) => e.kind === kind);
    const rootOf = (o: Entry) => (o.ancestorLabels!.length ? o.ancestorLabels![0] : o.label);
    beforeAll(() => {
      p = world.principal(name);
    });

    it('organizations: parent, ancestors, children, cells, school, tenant', async () => {
      const data = ok(
        await server.gql<{ organizations: { nodes: { id: string; parent: Ref; ancestors: { id: string }[]; children: { id: string }[]; cells: { id: string }[]; school: Ref; tenant: Ref }[] } }>(
          `{ organizations(first: 100) { nodes { id parent { id } ancestors { id } children { id } cells { id } school { id } tenant { id } } } }`,
          {},
          p.token,
        ),
      );
      const actual = Object.fromEntries(
        data.organizations.nodes.map((o) => [
          label(o),
          { parent: label(o.parent), ancestors: o.ancestors.map((a) => label(a)), children: labels(o.children), cells: labels(o.cells), school: label(o.school), tenant: label(o.tenant) },
        ]),
      );
      const expected = Object.fromEntries(
        p.sees.organizations.map((l) => {
          const o = world.byLabel.get(l)!;
          const visibleOrgs = entriesOf('organizations').filter((e) => p.sees.organizations.includes(e.label));
          return [
            l,
            {
              parent: sees('organizations', o.orgLabel),
              ancestors: o.ancestorLabels!.filter((a) => p.sees.organizations.includes(a)),
              children: sorted(visibleOrgs.filter((e) => e.orgLabel === l).map((e) => e.label)),
              cells: sorted(visibleOrgs.filter((e) => e.isCell && e.path!.startsWith(o.path!)).map((e) => e.label)),
              school: o.isCell ? sees('schools', entriesOf('schools').find((s) => s.orgLabel === l)?.label) : null,
              tenant: sees('organizations', rootOf(o)),
            },
          ];
        }),
      );
      expect(actual).toEqual(expected);
    });

    it('schools: organization', async () => {
      const data = ok(await server.gql<{ schools: { nodes: { id: string; organization: Ref }[] } }>(`{ schools(first: 100) { nodes { id organization { id } } } }`, {}, p.token));
      const actual = Object.fromEntries(data.schools.nodes.map((s) => [label(s), label(s.organization)]));
      const expected = Object.fromEntries(p.sees.schools.map((l) => [l, sees('organizations', world.byLabel.get(l)!.orgLabel)]));
      expect(actual).toEqual(expected);
    });

    it('members: cell, and nationalId only for roles reading sensitive data', async () => {
      const data = ok(await server.gql<{ members: { nodes: { id: string; cell: Ref; nationalId: string | null }[] } }>(`{ members(first: 100) { nodes { id cell { id } nationalId } } }`, {}, p.token));
      const actual = Object.fromEntries(data.members.nodes.map((m) => [label(m), { cell: label(m.cell), nationalId: m.nationalId }]));
      const expected = Object.fromEntries(
        p.sees.members.map((l) => {
          const m = world.byLabel.get(l)!;
          return [l, { cell: sees('organizations', m.orgLabel), nationalId: READS_SENSITIVE[p.roleKey] ? m.nationalId : null }];
        }),
      );
      expect(actual).toEqual(expected);
    });

    it('candidates: cell, school, mentor, history, and nationalId/phone only for roles reading sensitive data', async () => {
      const data = ok(
        await server.gql<{
          candidates: { nodes: { id: string; cell: Ref; school: Ref; mentor: Ref; nationalId: string | null; phone: string | null; history: { cell: Ref; recordedBy: Ref }[] }[] };
        }>(`{ candidates(first: 100) { nodes { id cell { id } school { id } mentor { id } nationalId phone history { cell { id } recordedBy { id } } } } }`, {}, p.token),
      );
      const actual = Object.fromEntries(
        data.candidates.nodes.map((c) => [
          label(c),
          { cell: label(c.cell), school: label(c.school), mentor: label(c.mentor), nationalId: c.nationalId, phone: c.phone, history: c.history.map((h) => ({ cell: label(h.cell), recordedBy: label(h.recordedBy) })) },
        ]),
      );
      const expected = Object.fromEntries(
        p.sees.candidates.map((l) => {
          const c = world.byLabel.get(l)!;
          const tenant = l.split('.')[0];
          const recorder = l.endsWith('.candidateA1') ? `${tenant}.@cityCommittee` : null;
          return [
            l,
            {
              cell: sees('organizations', c.orgLabel),
              school: sees('schools', entriesOf('schools').find((s) => s.orgLabel === c.orgLabel)?.label),
              mentor: sees('members', c.memberLabel),
              nationalId: READS_SENSITIVE[p.roleKey] ? c.nationalId : null,
              phone: READS_SENSITIVE[p.roleKey] ? '0912345678' : null,
              history: [{ cell: sees('organizations', c.orgLabel), recordedBy: sees('users', recorder) }],
            },
          ];
        }),
      );
      expect(actual).toEqual(expected);
    });

    it('users: organization and member; me: its own organization (and member, for a mentor)', async () => {
      const data = ok(
        await server.gql<{ users: { nodes: { id: string; organization: Ref; member: Ref }[] }; me: { id: string; organization: Ref; member: Ref } }>(
          `{ users(first: 100) { nodes { id organization { id } member { id } } } me { id organization { id } member { id } } }`,
          {},
          p.token,
        ),
      );
      const actual = Object.fromEntries(data.users.nodes.map((u) => [label(u), { organization: label(u.organization), member: label(u.member) }]));
      const expected = Object.fromEntries(
        p.sees.users.map((l) => {
          const u = world.byLabel.get(l)!;
          return [l, { organization: sees('organizations', u.orgLabel), member: sees('members', u.memberLabel) }];
        }),
      );
      expect(actual).toEqual(expected);
      const me = world.byGid.get(data.me.id)!;
      expect({ me: me.label, organization: label(data.me.organization), member: label(data.me.member) }).toEqual({
        me: p.roleKey === 'admin' ? '@admin' : `${p.tenant}.@${p.roleKey}`,
        organization: me.orgLabel,
        member: me.memberLabel ?? null,
      });
    });
  });
});
