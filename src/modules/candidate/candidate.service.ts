import { Not, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { CANDIDATE_PROJECTION, Candidate, CandidateStageEvent, CandidateStallReason } from './candidate.entity';
import { CandidateSortField, type CandidateDataInput, type CandidateFilter, type CandidateOrder, type CreateCandidateInput, type UpdateCandidateInput } from './candidate.inputs';
import { ORGANIZATION_PROJECTION, Organization } from '../organization/organization.entity';
import { MEMBER_PROJECTION, Member } from '../member/member.entity';
import { SCHOOL_PROJECTION, School } from '../school/school.entity';
import { CandidateStage, PersonCategory } from '../../domain/enums';
import type { RequestContext } from '../../graphql/context';
import { inTransaction } from '../../db/transaction';
import { assertCan, loadFor } from '../../auth/guard';
import { scopeSubject, scopedQuery } from '../../auth/scope';
import { badInput } from '../../errors/app-error';
import { decodeId, decodeOptionalId } from '../../graphql/ids';
import { nameKeys, normalizeText } from '../../common/text';
import { matchName, restrictToSubtree } from '../../graphql/list-filters';
import { addDays, latestBirthDateEligibleOn, todayInVietnam } from '../../common/dates';
import { assertNotFuture, assertOrder, assertVersion } from '../../common/validation';
import { diff, recordAudit } from '../audit/audit.service';
import { ClashError, recordingClashes } from '../audit/clash';
import { paginate, type Connection, type SortKey } from '../../graphql/connection';
import { hydrateAlias } from '../../db/hydrate';
import { allProperties, projectedProperties } from '../../graphql/projection';
import { assertIsCell } from '../member/member.service';

const AUDITED = ['fullName', 'dateOfBirth', 'gender', 'category', 'grade', 'educationLevel', 'youthUnionMember', 'mentorId', 'nationalId', 'phone', 'email', 'address', 'notes'] as const;
const EARLIEST_BIRTH = '1940-01-01';

/** The mentor must be a member of the candidate's own cell (đảng viên trong chi bộ). */
async function resolveMentor(em: EntityManager, mentorGlobalId: string | null | undefined, cellId: number): Promise<number | null | undefined> {
  const mentorId = decodeOptionalId(mentorGlobalId, 'Member', 'mentorId');
  if (mentorId === undefined || mentorId === null) return mentorId;
  const mentor = await em.findOne(Member, { where: { id: mentorId }, select: { id: true, organizationId: true } });
  if (!mentor || mentor.organizationId !== cellId) {
    throw badInput("The mentor must be a party member of the candidate's own cell", [{ field: 'mentorId', message: 'not a member of this cell' }]);
  }
  return mentorId;
}

/**
 * A national ID names one person of the tenant. Whoever holds it (in the caller's scope or not),
 * the caller learns only that it cannot be used; the committee above both finds the clash.
 */
async function assertNationalIdFree(em: EntityManager, cell: { id: number; path: string; tenantId: number }, nationalId: string | null | undefined, exceptId?: number): Promise<void> {
  if (!nationalId) return;
  const holder = await em.findOne(Candidate, { where: { tenantId: cell.tenantId, nationalId, ...(exceptId === undefined ? {} : { id: Not(exceptId) }) }, select: { id: true, organizationId: true } });
  if (holder) {
    throw new ClashError({ field: 'nationalId', value: nationalId, attemptedIn: cell, holder: { subjectType: 'Candidate', id: holder.id, organizationId: holder.organizationId } });
  }
}

export function assertCandidateData(candidate: Pick<Candidate, 'dateOfBirth' | 'category' | 'grade'>): void {
  assertNotFuture(candidate.dateOfBirth, 'dateOfBirth');
  assertOrder(EARLIEST_BIRTH, candidate.dateOfBirth, 'the earliest accepted birth date', 'dateOfBirth');
  if (candidate.grade !== null && candidate.category !== PersonCategory.STUDENT) {
    throw badInput('Only students have a grade', [{ field: 'grade', message: 'leave empty unless category is STUDENT' }]);
  }
}

async function replaceStallReasons(em: EntityManager, candidateId: number, reasons: CandidateDataInput['stallReasons']): Promise<void> {
  if (reasons === undefined || reasons === null) return;
  const distinct = new Set(reasons.map((r) => r.reason));
  if (distinct.size !== reasons.length) throw badInput('A stall reason is listed twice', [{ field: 'stallReasons', message: 'each reason once' }]);
  await em.delete(CandidateStallReason, { candidateId });
  if (reasons.length) {
    const today = todayInVietnam();
    await em.insert(
      CandidateStallReason,
      reasons.map((r) => ({ candidateId, reason: r.reason, note: r.note ? normalizeText(r.note) : null, recordedOn: today })),
    );
  }
}

function cleanOptional(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const text = normalizeText(value);
  return text === '' ? null : text;
}

export async function createCandidate(ctx: RequestContext, input: CreateCandidateInput): Promise<Candidate> {
  const identifiedOn = input.identifiedOn ?? todayInVietnam();
  assertNotFuture(identifiedOn, 'identifiedOn');
  return recordingClashes(ctx, () => inTransaction(ctx, async (em) => {
    const { record: cell } = await loadFor<Organization>(ctx, em, 'Organization', decodeId(input.organizationId, 'Organization', 'organizationId'));
    assertCan(ctx, 'create', 'Candidate', { mentorId: null }, cell.path);
    assertIsCell(cell);
    const fullName = normalizeText(input.fullName);
    const candidate = em.create(Candidate, {
      tenantId: cell.tenantId,
      organizationId: cell.id,
      fullName,
      ...nameKeys(fullName),
      dateOfBirth: input.dateOfBirth,
      gender: input.gender,
      category: input.category,
      grade: input.grade ?? null,
      stage: CandidateStage.SOURCE,
      stageSince: identifiedOn,
      mentorId: (await resolveMentor(em, input.mentorId, cell.id)) ?? null,
      youthUnionMember: input.youthUnionMember ?? false,
      educationLevel: input.educationLevel,
      nationalId: input.nationalId ?? null,
      phone: cleanOptional(input.phone),
      email: cleanOptional(input.email)?.toLowerCase() ?? null,
      address: cleanOptional(input.address),
      notes: cleanOptional(input.notes),
    });
    assertCandidateData(candidate);
    assertOrder(candidate.dateOfBirth, identifiedOn, 'dateOfBirth', 'identifiedOn');
    await assertNationalIdFree(em, cell, candidate.nationalId);
    const saved = await em.save(candidate);
    await replaceStallReasons(em, saved.id, input.stallReasons);
    await em.insert(CandidateStageEvent, {
      candidateId: saved.id,
      tenantId: saved.tenantId,
      organizationId: cell.id,
      fromStage: null,
      toStage: CandidateStage.SOURCE,
      occurredOn: identifiedOn,
      recordedByUserId: ctx.principal?.userId ?? null,
      facts: null,
      note: null,
    });
    await recordAudit(em, ctx, { action: 'candidate.create', subjectType: 'Candidate', subjectId: saved.id, tenantId: saved.tenantId, organizationId: saved.organizationId, changes: diff(null, saved, AUDITED) });
    return saved;
  }));
}

export async function updateCandidate(ctx: RequestContext, id: number, input: UpdateCandidateInput): Promise<Candidate> {
  return recordingClashes(ctx, () => inTransaction(ctx, async (em) => {
    const { record: candidate, organizationPath } = await loadFor<Candidate>(ctx, em, 'Candidate', id, 'update', { lock: true });
    assertVersion('candidate', input.version, candidate.version);
    const before = { ...candidate };
    if (input.fullName !== undefined) {
      candidate.fullName = normalizeText(input.fullName);
      Object.assign(candidate, nameKeys(candidate.fullName));
    }
    for (const field of ['dateOfBirth', 'gender', 'category', 'educationLevel', 'youthUnionMember', 'nationalId'] as const) {
      if (input[field] !== undefined && input[field] !== null) Object.assign(candidate, { [field]: input[field] });
    }
    if (input.grade !== undefined) candidate.grade = input.grade ?? null;
    for (const field of ['phone', 'address', 'notes'] as const) {
      if (input[field] !== undefined) candidate[field] = cleanOptional(input[field]);
    }
    if (input.email !== undefined) candidate.email = cleanOptional(input.email)?.toLowerCase() ?? null;
    const mentorId = await resolveMentor(em, input.mentorId, candidate.organizationId);
    if (mentorId !== undefined) candidate.mentorId = mentorId;
    assertCandidateData(candidate);
    if (candidate.nationalId !== before.nationalId) {
      await assertNationalIdFree(em, { id: candidate.organizationId, path: organizationPath, tenantId: candidate.tenantId }, candidate.nationalId, candidate.id);
    }
    candidate.updatedAt = new Date();
    const saved = await em.save(candidate);
    // The version check above and the save are in one transaction; on MySQL the row is locked.
    await replaceStallReasons(em, saved.id, input.stallReasons);
    await recordAudit(em, ctx, {
      action: 'candidate.update',
      subjectType: 'Candidate',
      subjectId: saved.id,
      tenantId: saved.tenantId,
      organizationId: saved.organizationId,
      changes: { ...diff(before, saved, AUDITED), ...(input.stallReasons ? { stallReasons: [null, input.stallReasons.map((r) => r.reason)] } : {}) },
    });
    return saved;
  }));
}

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

const SORTS: Record<CandidateSortField, { property: string; value: (c: Candidate) => string | number }> = {
  NAME: { property: 'candidate.sortName', value: (c) => c.sortName },
  DATE_OF_BIRTH: { property: 'candidate.dateOfBirth', value: (c) => c.dateOfBirth },
  STAGE_SINCE: { property: 'candidate.stageSince', value: (c) => c.stageSince },
  CREATED: { property: 'candidate.id', value: (c) => c.id },
};

/**
 * What a page's query asks of its candidates: their fields and, for the relations it joins, the
 * fields asked of those (from the query's look-ahead). Without it a page reads whole records.
 */
export interface CandidateSelection {
  fields: Set<string>;
  cell?: Set<string>;
  school?: Set<string>;
  mentor?: Set<string>;
}

const JOINED = { cell: 'joined_cell', school: 'joined_school', mentor: 'joined_mentor', mentorOrganization: 'joined_mentor_org' } as const;

type RelationName = 'cell' | 'school' | 'mentor';

interface JoinedRelations {
  cell?: Organization;
  school?: School | null;
  mentor?: Member;
}

/**
 * The relations a page joined for each of its candidates, those the caller may read. They may
 * be partial records (only the columns the query's fields read), so they are handed to the
 * candidate's own fields only, never to the request's loaders. Keyed by the page's row objects,
 * which live as long as the request.
 */
const joinedOf = new WeakMap<Candidate, JoinedRelations>();

/** The relation a page joined for this candidate, if the caller may read it; undefined: ask the loader. */
export function joinedRelation<K extends RelationName>(candidate: Candidate, relation: K): JoinedRelations[K] | undefined {
  return joinedOf.get(candidate)?.[relation];
}

interface RelationPlan {
  cell: string[] | null;
  school: string[] | null;
  mentor: string[] | null;
}

/** The columns each joined relation reads (null: the whole record; absent: not joined). */
function relationPlan(em: EntityManager, selection: CandidateSelection): Partial<RelationPlan> {
  const plan: Partial<RelationPlan> = {};
  if (selection.cell) plan.cell = projectedProperties(em, Organization, ORGANIZATION_PROJECTION, selection.cell);
  if (selection.school) plan.school = projectedProperties(em, School, SCHOOL_PROJECTION, selection.school);
  if (selection.mentor) plan.mentor = projectedProperties(em, Member, MEMBER_PROJECTION, selection.mentor);
  return plan;
}

function selectAlias(page: SelectQueryBuilder<Candidate>, alias: string, properties: string[] | null | undefined): void {
  if (properties === null || properties === undefined) page.addSelect(alias);
  else page.addSelect(properties.map((property) => `${alias}.${property}`));
}

/**
 * Joins the relations asked for into the query of the page's rows, unscoped (keepRelations
 * decides what the caller may see), reading only the columns their fields need. They are
 * selected as plain columns and read by hydrateAlias: TypeORM's own mapping of joined entities
 * costs more than the loaders' queries.
 */
function joinRelations(page: SelectQueryBuilder<Candidate>, plan: Partial<RelationPlan>): void {
  if (!('cell' in plan) && !('school' in plan) && !('mentor' in plan)) return;
  // The cell's path also decides whether its school and the mentor's record are visible.
  page.leftJoin(Organization, JOINED.cell, `${JOINED.cell}.id = candidate.organizationId`);
  selectAlias(page, JOINED.cell, 'cell' in plan ? plan.cell : ORGANIZATION_PROJECTION.always.slice());
  if ('school' in plan) {
    page.leftJoin(School, JOINED.school, `${JOINED.school}.organizationId = candidate.organizationId`);
    selectAlias(page, JOINED.school, plan.school);
  }
  if ('mentor' in plan) {
    page.leftJoin(Member, JOINED.mentor, `${JOINED.mentor}.id = candidate.mentorId`);
    selectAlias(page, JOINED.mentor, plan.mentor);
    page.leftJoin(Organization, JOINED.mentorOrganization, `${JOINED.mentorOrganization}.id = ${JOINED.mentor}.organizationId`).addSelect(`${JOINED.mentorOrganization}.path`);
  }
}

/**
 * Keeps, for each candidate, the joined relations the caller may read (the same rules as the
 * loaders' own SQL, checked in memory); the rest stay for the loaders to answer (null, in their
 * own statement). Whole records are also handed to the request's loaders, which other fields of
 * the request share; partial ones are not.
 */
function keepRelations(ctx: RequestContext, rows: Candidate[], rawRows: Record<string, unknown>[], plan: Partial<RelationPlan>): void {
  if (!('cell' in plan) && !('school' in plan) && !('mentor' in plan)) return;
  const em = ctx.dataSource.manager;
  // A page's candidates share a few cells and mentors: each is read and checked once.
  const cells = new Map<number, { cell: Organization; readable: boolean } | null>();
  const schools = new Map<number, { school: School | null; readable: boolean }>();
  const mentors = new Map<number, Member | null>();
  for (const [index, row] of rows.entries()) {
    const joined = rawRows[index];
    const kept: JoinedRelations = {};
    joinedOf.set(row, kept);
    let cellEntry = cells.get(row.organizationId);
    if (cellEntry === undefined) {
      const cell = hydrateAlias(em, Organization, JOINED.cell, joined);
      cellEntry = cell ? { cell, readable: ctx.ability.can('read', scopeSubject('Organization', cell, cell.path)) } : null;
      cells.set(row.organizationId, cellEntry);
      if (cellEntry?.readable && plan.cell === null) ctx.loaders.organization.prime(cellEntry.cell.id, cellEntry.cell);
    }
    if (!cellEntry) continue;
    const { cell } = cellEntry;
    if (cellEntry.readable) kept.cell = cell;
    if ('school' in plan) {
      let schoolEntry = schools.get(row.organizationId);
      if (!schoolEntry) {
        const school = hydrateAlias(em, School, JOINED.school, joined);
        // No school row at all: the loader would answer null too.
        schoolEntry = { school, readable: !school || ctx.ability.can('read', scopeSubject('School', school, cell.path)) };
        schools.set(row.organizationId, schoolEntry);
        if (schoolEntry.readable && plan.school === null) ctx.loaders.schoolOfOrganization.prime(row.organizationId, school);
      }
      if (schoolEntry.readable) kept.school = schoolEntry.school;
    }
    if ('mentor' in plan && row.mentorId !== null) {
      let mentor = mentors.get(row.mentorId);
      if (mentor === undefined) {
        const record = hydrateAlias(em, Member, JOINED.mentor, joined);
        const mentorPath = joined[`${JOINED.mentorOrganization}_path`];
        mentor = record && typeof mentorPath === 'string' && ctx.ability.can('read', scopeSubject('Member', record, mentorPath)) ? record : null;
        mentors.set(row.mentorId, mentor);
        if (mentor && plan.mentor === null) ctx.loaders.member.prime(mentor.id, mentor);
      }
      if (mentor) kept.mentor = mentor;
    }
  }
}

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
  applyPathFilters(ctx, qb, filter);
  if (filter?.mentorId) qb.andWhere('candidate.mentorId = :filterMentorId', { filterMentorId: decodeId(filter.mentorId, 'Member', 'filter.mentorId') });
  matchName(qb, 'candidate.searchName', filter?.search);
  const plan = selection ? relationPlan(em, selection) : {};
  const sortKeyOption: SortKey = { property: sort.property, direction: order?.direction ?? 'ASC' };
  const connection = await paginate(qb, {
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
  return connection;
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
