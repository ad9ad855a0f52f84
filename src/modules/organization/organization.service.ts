import type { EntityManager } from 'typeorm';
import { Organization, OrganizationMove } from './organization.entity';
import type { CreateOrganizationInput, MoveOrganizationInput, OrganizationFilter, UpdateOrganizationInput } from './organization.inputs';
import { OrganizationKind, Role, SCHOOL_ORGANIZATION_KINDS } from '../../domain/enums';
import type { RequestContext } from '../../graphql/context';
import { forgetPrincipals } from '../../auth/authenticate';
import { inTransaction } from '../../db/transaction';
import { insertOrganization } from './organization.rows';
import { assertCan, loadFor } from '../../auth/guard';
import { badInput, forbidden } from '../../errors/app-error';
import { decodeId } from '../../graphql/ids';
import { nameKeys, normalizeText } from '../../common/text';
import { pageByName, subtreeQuery } from './subtree-list';
import { todayInVietnam } from '../../common/dates';
import { about, diff, recordAudit } from '../audit/audit.service';
import { ClashError, recordingClashes } from '../audit/clash';
import { createSchoolIn } from '../school/school.service';
import { assertMayGrant, guardChangeOfDeciders } from './authority';
import type { Connection } from '../../graphql/connection';
import { assertNotFuture, assertVersion } from '../../common/validation';

/** Which kinds of organization may sit directly under which (domain.md: the tree is irregular). */
const ALLOWED_PARENTS: Record<OrganizationKind, OrganizationKind[]> = {
  CITY_COMMITTEE: [OrganizationKind.CITY_COMMITTEE],
  COMMUNE_COMMITTEE: [OrganizationKind.CITY_COMMITTEE],
  SCHOOL_COMMITTEE: [OrganizationKind.CITY_COMMITTEE, OrganizationKind.COMMUNE_COMMITTEE],
  SCHOOL_CELL: [OrganizationKind.CITY_COMMITTEE, OrganizationKind.COMMUNE_COMMITTEE, OrganizationKind.SCHOOL_COMMITTEE],
};

/** Whether an organization of `kind` may sit directly under one of `parentKind` (also used by the import). */
export function allowedUnder(kind: OrganizationKind, parentKind: OrganizationKind): boolean {
  return ALLOWED_PARENTS[kind].includes(parentKind);
}

function assertParentKind(kind: OrganizationKind, parent: Organization): void {
  if (!allowedUnder(kind, parent.kind)) {
    throw badInput(`A ${kind} cannot sit under a ${parent.kind}`, [{ field: 'parentId', message: `allowed parents: ${ALLOWED_PARENTS[kind].join(', ')}` }]);
  }
}

/** A code is unique in the tenant: whoever holds it, in the caller's scope or not, the answer is the same (audit/clash.ts). */
async function assertCodeFree(em: EntityManager, place: Organization, code: string | undefined, exceptId?: number): Promise<void> {
  if (!code) return;
  const existing = await em.findOne(Organization, { where: { tenantId: place.tenantId, code }, select: { id: true } });
  if (existing && existing.id !== exceptId) {
    throw new ClashError({ field: 'code', value: code, attemptedIn: place, holder: { subjectType: 'Organization', id: existing.id, organizationId: existing.id } });
  }
}

export async function createOrganization(ctx: RequestContext, input: CreateOrganizationInput): Promise<Organization> {
  return recordingClashes(ctx, () => inTransaction(ctx, async (em) => {
    let parent: Organization | null = null;
    if (input.parentId === undefined || input.parentId === null) {
      if (ctx.principal?.role !== Role.SYSTEM_ADMIN) throw forbidden('Only system administrators create new tenants');
      if (input.kind !== OrganizationKind.CITY_COMMITTEE) {
        throw badInput('A tenant root must be a CITY_COMMITTEE', [{ field: 'kind', message: 'must be CITY_COMMITTEE without a parent' }]);
      }
    } else {
      parent = (await loadFor<Organization>(ctx, em, 'Organization', decodeId(input.parentId, 'Organization', 'parentId'))).record;
      // A new organization lies in its parent's subtree: creating it needs that subtree.
      assertCan(ctx, 'create', 'Organization', parent, null);
      assertParentKind(input.kind, parent);
      await assertCodeFree(em, parent, input.code);
    }
    if (input.school && !SCHOOL_ORGANIZATION_KINDS.includes(input.kind)) {
      throw badInput('Only a school cell or school committee has a school of its own', [{ field: 'school', message: 'not allowed for this kind' }]);
    }
    // A tenant root decides admissions; below it, the authority is granted explicitly, by its holder only.
    const mayDecideAdmission = parent === null ? (input.mayDecideAdmission ?? true) : (input.mayDecideAdmission ?? false);
    if (mayDecideAdmission && parent !== null) await assertMayGrant(ctx, em, input.kind, true);
    const organization = await insertOrganization(em, parent, {
      name: input.name,
      kind: input.kind,
      code: input.code,
      mayDecideAdmission,
    });
    if (input.school) await createSchoolIn(ctx, em, organization, input.school);
    await recordAudit(em, ctx, {
      action: 'organization.create',
      ...about('Organization', organization),
      changes: { name: organization.name, kind: organization.kind, parentId: organization.parentId, code: organization.code },
    });
    return organization;
  }));
}

export async function updateOrganization(ctx: RequestContext, id: number, input: UpdateOrganizationInput): Promise<Organization> {
  return recordingClashes(ctx, () => inTransaction(ctx, async (em) => {
    const { record: organization } = await loadFor<Organization>(ctx, em, 'Organization', id, 'update', { lock: true });
    assertVersion('organization', input.version, organization.version);
    const before = { ...organization };
    if (input.name !== undefined) {
      organization.name = normalizeText(input.name);
      Object.assign(organization, nameKeys(organization.name));
    }
    if (input.code !== undefined) {
      await assertCodeFree(em, organization, input.code, organization.id);
      organization.code = input.code;
    }
    let saved: Organization;
    if (input.mayDecideAdmission !== undefined && input.mayDecideAdmission !== organization.mayDecideAdmission) {
      // Granting or withdrawing the authority changes who decides for every cell below.
      const granting = input.mayDecideAdmission;
      await assertMayGrant(ctx, em, organization.kind, granting);
      organization.mayDecideAdmission = granting;
      saved = organization;
      await guardChangeOfDeciders(ctx, em, organization.path, async () => {
        saved = await em.save(organization);
        return organization.path;
      });
    } else {
      saved = await em.save(organization);
    }
    await recordAudit(em, ctx, {
      action: 'organization.update',
      ...about('Organization', saved),
      changes: diff(before, saved, ['name', 'code', 'mayDecideAdmission']),
    });
    return saved;
  }));
}

/**
 * Moves an organization (and everything under it) to a new parent in the same tenant. Members,
 * candidates and their history stay attached to the moved organization; the move itself is
 * recorded with its date so reports can tell where the organization stood at any time.
 */
export async function moveOrganization(ctx: RequestContext, input: MoveOrganizationInput): Promise<Organization> {
  const movedOn = input.movedOn ?? todayInVietnam();
  assertNotFuture(movedOn, 'movedOn');
  const moved = await inTransaction(ctx, async (em) => {
    const { record: organization } = await loadFor<Organization>(ctx, em, 'Organization', decodeId(input.id, 'Organization', 'id'), 'move', { lock: true });
    const { record: newParent } = await loadFor<Organization>(ctx, em, 'Organization', decodeId(input.newParentId, 'Organization', 'newParentId'));
    assertCan(ctx, 'create', 'Organization', newParent, null);
    if (newParent.tenantId !== organization.tenantId) {
      throw badInput('An organization cannot move to another tenant', [{ field: 'newParentId', message: 'belongs to another tenant' }]);
    }
    if (newParent.path.startsWith(organization.path)) {
      throw badInput('An organization cannot move under itself or under one of its own units', [{ field: 'newParentId', message: 'would make a cycle' }]);
    }
    if (newParent.id === organization.parentId) {
      throw badInput('The organization is already under this parent', [{ field: 'newParentId', message: 'same parent' }]);
    }
    assertParentKind(organization.kind, newParent);

    const oldPath = organization.path;
    const newPath = `${newParent.path}${organization.id}/`;
    const depthChange = newParent.depth + 1 - organization.depth;
    // Who resolves and decides for the moved cells may change only with the authority's holder,
    // and not while their candidates wait for a decision (./authority.ts).
    await guardChangeOfDeciders(ctx, em, oldPath, async () => {
      const subtree = await em
        .getRepository(Organization)
        .createQueryBuilder('o')
        .select(['o.id', 'o.path', 'o.depth'])
        .where('o.path LIKE :prefix', { prefix: `${oldPath}%` })
        .getMany();
      for (const node of subtree) {
        await em.update(Organization, { id: node.id }, { path: newPath + node.path.slice(oldPath.length), depth: node.depth + depthChange });
      }
      await em.update(Organization, { id: organization.id }, { parentId: newParent.id });
      return newPath;
    });
    await em.insert(OrganizationMove, {
      organizationId: organization.id,
      fromParentId: organization.parentId,
      toParentId: newParent.id,
      fromPath: oldPath,
      toPath: newPath,
      movedOn,
      movedByUserId: ctx.principal?.userId ?? null,
      reason: input.reason ? normalizeText(input.reason) : null,
    });
    await recordAudit(em, ctx, {
      action: 'organization.move',
      ...about('Organization', organization),
      changes: { parentId: [organization.parentId, newParent.id], path: [oldPath, newPath], movedOn },
    });
    return em.findOneOrFail(Organization, { where: { id: organization.id } });
  });
  // Callers acting in the moved subtree have new paths (after the commit, so none is re-cached stale).
  forgetPrincipals(ctx.dataSource);
  return moved;
}

export async function listOrganizations(ctx: RequestContext, filter: OrganizationFilter | undefined, first: number, after: string | undefined): Promise<Connection<Organization>> {
  const qb = await subtreeQuery(ctx, 'Organization', filter?.under, 'organization.path');
  if (filter?.parentId) {
    qb.andWhere('organization.parentId = :parentId', { parentId: decodeId(filter.parentId, 'Organization', 'filter.parentId') });
  }
  if (filter?.kinds?.length) qb.andWhere('organization.kind IN (:...kinds)', { kinds: filter.kinds });
  return pageByName(qb, filter?.search, first, after);
}
