/**
 * The page planner of the candidate lists: the caller's scope, the filters and the sort in SQL,
 * the columns the query's fields read, and the relations read with the page (candidate.joined.ts).
 */
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { CANDIDATE_PROJECTION, Candidate, CandidateStallReason } from './candidate.entity';
import { CandidateSortField, type CandidateFilter, type CandidateOrder } from './candidate.inputs';
import { joinRelations, keepRelations, relationPlan, type CandidateSelection } from './candidate.joined';
import { School } from '../school/school.entity';
import type { RequestContext } from '../../graphql/context';
import { scopedQuery } from '../../auth/scope';
import { decodeId } from '../../graphql/ids';
import { matchName, restrictToSubtree } from '../../graphql/list-filters';
import { addDays, latestBirthDateEligibleOn, todayInVietnam } from '../../common/dates';
import { paginate, type Connection, type SortKey } from '../../graphql/connection';
import { allProperties, projectedProperties } from '../../graphql/projection';

/** What a list reads of each candidate when its fields read whole records. */
const listColumns = (em: EntityManager): string[] => allProperties(em, Candidate, CANDIDATE_PROJECTION).map((name) => `candidate.${name}`);

/** Deadlines and eligibility, on the columns each step keeps up to date. */
function applyPathFilters(ctx: RequestContext, qb: SelectQueryBuilder<Candidate>, filter: CandidateFilter | undefined): void {
  const today = todayInVietnam();
  if (filter?.overdue === true) qb.andWhere('candidate.deadlineOn < :today', { today });
  if (filter?.overdue === false) qb.andWhere('(candidate.deadlineOn IS NULL OR candidate.deadlineOn >= :today)', { today });
  if (filter?.dueWithinDays !== undefined && filter.dueWithinDays !== null) {
    qb.andWhere('candidate.deadlineOn >= :dueFrom AND candidate.deadlineOn <= :dueTo', { dueFrom: today, dueTo: addDays(today, filter.dueWithinDays) });
  }
  if (filter?.eligibleBy) qb.andWhere('candidate.dateOfBirth <= :bornBy', { bornBy: latestBirthDateEligibleOn(ctx.config.rules.minAgeMonths, filter.eligibleBy) });
}

/** The school's level and the stall reasons, each as an EXISTS on its own table. */
function applyRelatedFilters(qb: SelectQueryBuilder<Candidate>, filter: CandidateFilter | undefined): void {
  if (filter?.schoolLevels?.length) {
    qb.andWhere(
      (sub) =>
        `EXISTS ${sub
          .subQuery()
          .select('1')
          .from(School, 'filter_school')
          .where('filter_school.organizationId = candidate.organizationId')
          .andWhere('filter_school.level IN (:...schoolLevels)')
          .getQuery()}`,
      { schoolLevels: filter.schoolLevels },
    );
  }
  if (filter?.stallReasons?.length) {
    qb.andWhere(
      (sub) =>
        `EXISTS ${sub
          .subQuery()
          .select('1')
          .from(CandidateStallReason, 'filter_stall')
          .where('filter_stall.candidateId = candidate.id')
          .andWhere('filter_stall.reason IN (:...stallReasons)')
          .getQuery()}`,
      { stallReasons: filter.stallReasons },
    );
  }
}

const SORTS: Record<CandidateSortField, { property: string; value: (c: Candidate) => string | number }> = {
  NAME: { property: 'candidate.sortName', value: (c) => c.sortName },
  DATE_OF_BIRTH: { property: 'candidate.dateOfBirth', value: (c) => c.dateOfBirth },
  STAGE_SINCE: { property: 'candidate.stageSince', value: (c) => c.stageSince },
  CREATED: { property: 'candidate.id', value: (c) => c.id },
};

export async function listCandidates(
  ctx: RequestContext,
  filter: CandidateFilter | undefined,
  order: CandidateOrder | undefined,
  first: number,
  after: string | undefined,
  selection?: CandidateSelection,
): Promise<Connection<Candidate>> {
  const em = ctx.dataSource.manager;
  const qb = scopedQuery<Candidate>(em, ctx.ability, 'read', 'Candidate');
  const sort = SORTS[order?.field ?? CandidateSortField.NAME];
  // Lists leave out the long text columns (notes, address, email): the few callers who ask for
  // them get them through a loader. Of the rest, a page reads what its fields need (and the sort
  // key, for the cursors).
  const properties = selection ? projectedProperties(em, Candidate, CANDIDATE_PROJECTION, selection.fields) : null;
  qb.select(properties ? [...new Set([...properties.map((name) => `candidate.${name}`), sort.property])] : listColumns(em));
  // Redundant with the scope (which never crosses tenants), but lets the (tenant, stage) index lead
  // when stages are asked for; without them it would only cost a row read per candidate, where
  // the (organization, name) index alone answers the page.
  if (ctx.principal?.tenantId && filter?.stages?.length) qb.andWhere('candidate.tenantId = :callerTenant', { callerTenant: ctx.principal.tenantId });
  await restrictToSubtree(ctx, qb, filter?.under, 'scope_org.path');
  if (filter?.stages?.length) qb.andWhere('candidate.stage IN (:...stages)', { stages: filter.stages });
  if (filter?.categories?.length) qb.andWhere('candidate.category IN (:...categories)', { categories: filter.categories });
  applyRelatedFilters(qb, filter);
  applyPathFilters(ctx, qb, filter);
  if (filter?.mentorId) qb.andWhere('candidate.mentorId = :filterMentorId', { filterMentorId: decodeId(filter.mentorId, 'Member', 'filter.mentorId') });
  matchName(qb, 'candidate.searchName', filter?.search);
  const plan = selection ? relationPlan(em, selection) : {};
  const sortKeyOption: SortKey = { property: sort.property, direction: order?.direction ?? 'ASC' };
  return paginate(qb, {
    first,
    after,
    sort: sortKeyOption,
    idProperty: 'candidate.id',
    sortValue: sort.value,
    withPage: {
      join: (page) => joinRelations(page as unknown as SelectQueryBuilder<Candidate>, plan),
      read: (rows, rawRows) => keepRelations(ctx, rows as Candidate[], rawRows, plan),
    },
  });
}

/**
 * What is overdue or due within `withinDays` in an organization's subtree, overdue first:
 * the question a committee asks every Monday.
 */
export async function listDeadlines(ctx: RequestContext, organizationId: string, withinDays: number, first: number, after: string | undefined): Promise<Connection<Candidate>> {
  const qb = scopedQuery<Candidate>(ctx.dataSource.manager, ctx.ability, 'read', 'Candidate');
  await restrictToSubtree(ctx, qb, organizationId, 'scope_org.path');
  qb.andWhere('candidate.deadlineOn IS NOT NULL AND candidate.deadlineOn <= :horizon', { horizon: addDays(todayInVietnam(), withinDays) });
  return paginate(qb, {
    first,
    after,
    sort: { property: 'candidate.deadlineOn', direction: 'ASC' },
    idProperty: 'candidate.id',
    sortValue: (row: Candidate) => row.deadlineOn ?? '',
  });
}
