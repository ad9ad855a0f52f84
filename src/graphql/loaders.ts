import DataLoader from 'dataloader';
import { In, type EntityManager } from 'typeorm';
import type { AppAbility, SubjectName } from '../auth/ability';
import { scopeAlias, scopedQuery } from '../auth/scope';
import { Organization, OrganizationMove } from '../modules/organization/organization.entity';
import { OrganizationKind } from '../domain/enums';
import { cachedCalendar, type WorkingCalendar } from '../modules/calendar/working-days';
import { School, SchoolHeadcount } from '../modules/school/school.entity';
import { Member } from '../modules/member/member.entity';
import { Candidate, CandidateStageEvent, CandidateStallReason } from '../modules/candidate/candidate.entity';
import { User } from '../modules/user/user.entity';

/**
 * One DataLoader per relation, built fresh for every request (a cache shared between users
 * would leak). Loaders of records go through `scopedQuery`, so a nested field can never show
 * what the caller could not read directly; what is out of scope comes back as null.
 */
export function createLoaders(em: EntityManager, ability: AppAbility) {
  function byId<T extends { id: number }>(subject: SubjectName): DataLoader<number, T | null> {
    return new DataLoader<number, T | null>(async (ids) => {
      const rows = await scopedQuery<T>(em, ability, 'read', subject)
        .andWhere(`${scopeAlias(subject)}.id IN (:...ids)`, { ids: [...ids] })
        .getMany();
      const byKey = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byKey.get(id) ?? null);
    });
  }

  /** Rows of a child table grouped by a parent key; the parent itself is already scoped. */
  function groupedBy<T, K extends keyof T & string>(entity: new () => T, key: K, order: Record<string, 'ASC' | 'DESC'>): DataLoader<number, T[]> {
    return new DataLoader<number, T[]>(async (keys) => {
      const rows = await em.getRepository(entity as new () => object).find({ where: { [key]: In([...keys]) }, order });
      const groups = new Map<number, T[]>();
      for (const row of rows as T[]) {
        const value = row[key] as unknown as number;
        const group = groups.get(value) ?? [];
        group.push(row);
        groups.set(value, group);
      }
      return keys.map((k) => groups.get(k) ?? []);
    });
  }

  return {
    /** The working-day calendar (public holidays), shared by the requests of this instance. */
    workingCalendar: (): Promise<WorkingCalendar> => cachedCalendar(em),
    organization: byId<Organization>('Organization'),
    school: byId<School>('School'),
    member: byId<Member>('Member'),
    candidate: byId<Candidate>('Candidate'),
    user: byId<User>('User'),
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
    movesOf: groupedBy(OrganizationMove, 'organizationId', { id: 'ASC' }),
    /** The school an organization (a school cell or school committee) belongs to. */
    schoolOfOrganization: new DataLoader<number, School | null>(async (organizationIds) => {
      const rows = await scopedQuery<School>(em, ability, 'read', 'School')
        .andWhere('school.organizationId IN (:...organizationIds)', { organizationIds: [...organizationIds] })
        .orderBy('school.id', 'ASC')
        .getMany();
      return organizationIds.map((id) => rows.find((row) => row.organizationId === id) ?? null);
    }),
    /** The long text columns lists leave out (notes, address, email), by candidate id. */
    candidateText: new DataLoader<number, Pick<Candidate, 'notes' | 'address' | 'email'> | null>(async (ids) => {
      const rows = await em.getRepository(Candidate).find({ where: { id: In([...ids]) }, select: { id: true, notes: true, address: true, email: true } });
      const byKey = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byKey.get(id) ?? null);
    }),
    headcounts: groupedBy(SchoolHeadcount, 'schoolId', { schoolYear: 'DESC' }),
    stallReasons: groupedBy(CandidateStallReason, 'candidateId', { id: 'ASC' }),
    history: groupedBy(CandidateStageEvent, 'candidateId', { id: 'ASC' }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
