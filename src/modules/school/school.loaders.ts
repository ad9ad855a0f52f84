/** The school's relations, loaded per request: the school of an organization, headcounts by year. */
import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import type { AppAbility } from '../../auth/ability';
import { scopedQuery } from '../../auth/scope';
import { groupedBy } from '../../graphql/loaders';
import { School, SchoolHeadcount } from './school.entity';

export function schoolLoaders(em: EntityManager, ability: AppAbility) {
  return {
    /** The school an organization (a school cell or school committee) belongs to. */
    schoolOfOrganization: new DataLoader<number, School | null>(async (organizationIds) => {
      const rows = await scopedQuery<School>(em, ability, 'read', 'School')
        .andWhere('school.organizationId IN (:...organizationIds)', { organizationIds: [...organizationIds] })
        .orderBy('school.id', 'ASC')
        .getMany();
      return organizationIds.map((id) => rows.find((row) => row.organizationId === id) ?? null);
    }),
    headcounts: groupedBy(em, SchoolHeadcount, 'schoolId', { schoolYear: 'DESC' }),
  };
}

export type SchoolLoaders = ReturnType<typeof schoolLoaders>;
