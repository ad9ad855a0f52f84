import type { EntityManager } from 'typeorm';
import { Organization } from './organization.entity';
import { OrganizationKind } from '../../domain/enums';
import { nameKeys, normalizeText } from '../../common/text';

/**
 * Low-level writers of organization rows: they insert what they are told, computing its path, tenant and name keys,
 * without permission checks. The services call them after checking; the demo and scale tools
 * and test factories call them directly.
 */

/** The columns that place a row in the tree: the organization it belongs to, and that organization's tenant. */
export function placedIn(organization: Pick<Organization, 'id' | 'tenantId'>): { tenantId: number; organizationId: number } {
  return { tenantId: organization.tenantId, organizationId: organization.id };
}

export interface OrganizationSeed {
  name: string;
  kind: OrganizationKind;
  code?: string;
  mayDecideAdmission?: boolean;
}

export async function insertOrganization(em: EntityManager, parent: Organization | null, seed: OrganizationSeed): Promise<Organization> {
  const name = normalizeText(seed.name);
  const row = em.create(Organization, {
    tenantId: parent?.tenantId ?? 0,
    parentId: parent?.id ?? null,
    path: '',
    depth: parent ? parent.depth + 1 : 0,
    name,
    ...nameKeys(name),
    code: seed.code ?? null,
    kind: seed.kind,
    mayDecideAdmission: seed.mayDecideAdmission ?? seed.kind === OrganizationKind.CITY_COMMITTEE,
  });
  const saved = await em.save(row);
  saved.path = `${parent ? parent.path : '/'}${saved.id}/`;
  if (!parent) saved.tenantId = saved.id;
  await em.update(Organization, { id: saved.id }, { path: saved.path, tenantId: saved.tenantId });
  return saved;
}
