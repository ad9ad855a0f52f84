import { In } from 'typeorm';
import type { TestServer } from '../server';
import { gqlAs } from '../http';
import { OrganizationKind, Role } from '../../../src/domain/enums';
import { Organization } from '../../../src/modules/organization/organization.entity';
import { CandidateStageEvent } from '../../../src/modules/candidate/candidate.entity';
import { AuditLog } from '../../../src/modules/audit/audit.entity';
import { bearer, type MatrixUser } from './demo-users';
import { loadWorld } from './world';
import { gid, TARGET_YEAR } from './oracle';

/**
 * The demo seed records no author on any step and writes no audit row and no API key. So that
 * history.recordedBy, auditLog and apiKeys have something to leak, this spreads authors over
 * the steps (users of the candidate's tenant and the administrator, in turn), writes one audit
 * row per organization (plus one of no organization, like a public-holiday change) and lets each
 * committee of the matrix create an API key through the API.
 */
export async function addMatrixFixtures(server: TestServer, users: readonly MatrixUser[]): Promise<void> {
  const ds = server.dataSource;
  const world = await loadWorld(ds);
  const admin = world.users.find((u) => u.role === Role.SYSTEM_ADMIN) ?? null;
  const authorsOf = (tenantId: number) => [...world.users.filter((u) => u.tenantId === tenantId), ...(admin ? [admin] : [])];
  const assignments = new Map<number, number[]>();
  for (const event of world.events) {
    const authors = authorsOf(event.tenantId);
    if (!authors.length) continue;
    const author = authors[event.id % authors.length].id;
    assignments.set(author, [...(assignments.get(author) ?? []), event.id]);
  }
  for (const [author, eventIds] of assignments) {
    for (let start = 0; start < eventIds.length; start += 500) {
      await ds.getRepository(CandidateStageEvent).update({ id: In(eventIds.slice(start, start + 500)) }, { recordedByUserId: author });
    }
  }
  type AuditRow = Pick<AuditLog, 'tenantId' | 'organizationId' | 'userId' | 'action' | 'subjectType' | 'subjectId' | 'changes'>;
  const rows: AuditRow[] = world.orgs.map((o, index) => {
    const authors = authorsOf(o.tenantId);
    return {
      tenantId: o.tenantId,
      organizationId: o.id,
      userId: authors.length ? authors[index % authors.length].id : null,
      action: 'matrix.fixture',
      subjectType: 'Organization',
      subjectId: o.id,
      changes: JSON.stringify({ name: [null, o.name] }),
    };
  });
  rows.push({ tenantId: null, organizationId: null, userId: admin?.id ?? null, action: 'holiday.set', subjectType: 'PublicHoliday', subjectId: null, changes: null });
  for (let start = 0; start < rows.length; start += 100) await ds.getRepository(AuditLog).insert(rows.slice(start, start + 100));

  for (const user of users.filter((u) => u.role === Role.COMMITTEE)) {
    const organization = world.orgById.get(user.organizationId!)!;
    // Targets on its own organization and on the cells below it.
    for (const input of [
      `{ organizationId: ${JSON.stringify(gid('Organization', organization.id))}, year: ${TARGET_YEAR}, metric: ADMISSIONS, value: 7 }`,
      `{ organizationId: ${JSON.stringify(gid('Organization', organization.id))}, year: ${TARGET_YEAR}, metric: AWARENESS_CLASS, value: 2, cellSchoolLevel: PRIMARY }`,
    ]) {
      const result = await gqlAs(server, bearer(user), `mutation { setTarget(input: ${input}) { metric } }`);
      if (result.errors?.length && !(result.errors[0].extensions?.code === 'BAD_USER_INPUT' && /No cell/.test(result.errors[0].message))) {
        throw new Error(`setTarget by ${user.email}: ${JSON.stringify(result.errors)}`);
      }
    }
    // A key for its own organization and one for a cell below it.
    const cell = world.orgs.find((o) => o.kind === OrganizationKind.SCHOOL_CELL && o.path.startsWith(organization.path));
    for (const target of [organization, ...(cell ? [cell] : [])]) {
      const result = await gqlAs(server, bearer(user), `mutation ($o: ID!, $n: String!) { createApiKey(organizationId: $o, name: $n) { key } }`, {
        o: gid('Organization', target.id),
        n: `Khóa của ${user.email} cho ${target.name}`,
      });
      if (result.errors?.length) throw new Error(`createApiKey by ${user.email}: ${JSON.stringify(result.errors)}`);
    }
  }

  // A commune of the matrix that holds the authority to decide admissions: it decides for its own
  // cells and the city for the rest (the steps check). Written to the tree directly, as if granted
  // before its candidates reached the dossier: the API refuses the grant while one waits for a
  // decision (test/authority.test.ts).
  // (The last commune committee of the matrix: the move below uses the first.)
  const communes = users.filter((u) => u.role === Role.COMMITTEE && world.orgById.get(u.organizationId!)?.parentId !== null);
  if (communes.length > 1) await ds.getRepository(Organization).update({ id: communes[communes.length - 1].organizationId! }, { mayDecideAdmission: true });

  // A cell moved into the commune of a commune committee of the matrix (from another commune), so
  // that Organization.moves has a parent the commune may not see. No demo user acts in that cell.
  const communeUser = users.find((u) => u.role === Role.COMMITTEE && world.orgById.get(u.organizationId!)?.parentId !== null);
  const cityUser = communeUser && users.find((u) => u.role === Role.COMMITTEE && u.tenantId === communeUser.tenantId && world.orgById.get(u.organizationId!)?.parentId === null);
  if (communeUser && cityUser) {
    const commune = world.orgById.get(communeUser.organizationId!)!;
    const occupied = new Set(world.users.map((u) => u.organizationId));
    const cell = world.orgs.find(
      (o) => o.kind === OrganizationKind.SCHOOL_CELL && o.tenantId === commune.tenantId && o.parentId !== commune.id && o.parentId !== o.tenantId && !occupied.has(o.id) && world.orgById.get(o.parentId!)?.kind === OrganizationKind.COMMUNE_COMMITTEE,
    );
    if (cell) {
      const result = await gqlAs(server, bearer(cityUser), `mutation ($input: MoveOrganizationInput!) { moveOrganization(input: $input) { id } }`, {
        input: { id: gid('Organization', cell.id), newParentId: gid('Organization', commune.id), reason: 'Sáp nhập địa giới (kiểm thử ma trận quyền)' },
      });
      if (result.errors?.length) throw new Error(`moveOrganization: ${JSON.stringify(result.errors)}`);
    }
  }
}
