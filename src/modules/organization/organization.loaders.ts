/** The organization's relations, loaded per request: visible children, cells under a path, moves. */
import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import type { AppAbility } from '../../auth/ability';
import { scopedQuery } from '../../auth/scope';
import { groupedBy } from '../../graphql/loaders';
import { OrganizationKind } from '../../domain/enums';
import { Organization, OrganizationMove } from './organization.entity';

export function organizationLoaders(em: EntityManager, ability: AppAbility) {
  return {
    /** Visible children of each organization, in name order. */
    children: new DataLoader<number, Organization[]>(async (parentIds) => {
      const rows = await scopedQuery<Organization>(em, ability, 'read', 'Organization')
        .andWhere('organization.parentId IN (:...parentIds)', { parentIds: [...parentIds] })
        .orderBy('organization.sortName', 'ASC')
        .addOrderBy('organization.id', 'ASC')
        .getMany();
      const byParent = new Map<number, Organization[]>();
      for (const row of rows) byParent.set(row.parentId ?? 0, [...(byParent.get(row.parentId ?? 0) ?? []), row]);
      return parentIds.map((id) => byParent.get(id) ?? []);
    }),
    /** Visible school cells under each path (an organization's subtree), in name order. */
    cellsUnder: new DataLoader<string, Organization[]>(async (paths) => {
      const qb = scopedQuery<Organization>(em, ability, 'read', 'Organization').andWhere('organization.kind = :cellKind', { cellKind: OrganizationKind.SCHOOL_CELL });
      const prefixes = paths.map((path, index) => {
        qb.setParameter(`cellsUnder${index}`, `${path}%`);
        return `organization.path LIKE :cellsUnder${index}`;
      });
      const rows = await qb.andWhere(`(${prefixes.join(' OR ')})`).orderBy('organization.sortName', 'ASC').addOrderBy('organization.id', 'ASC').getMany();
      return paths.map((path) => rows.filter((row) => row.path.startsWith(path)));
    }),
    movesOf: groupedBy(em, OrganizationMove, 'organizationId', { id: 'ASC' }),
  };
}

export type OrganizationLoaders = ReturnType<typeof organizationLoaders>;
