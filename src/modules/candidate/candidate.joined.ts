/**
 * The relations a page of candidates reads with its rows (the cell, its school, the mentor), in
 * the page's own statement: which to join and which columns (from the query's look-ahead), then,
 * for each row, those the caller may read, kept on the request's context for the candidate's
 * fields. What is not kept is asked of the loaders, in their own statement.
 */
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Candidate } from './candidate.entity';
import { ORGANIZATION_PROJECTION, Organization } from '../organization/organization.entity';
import { MEMBER_PROJECTION, Member } from '../member/member.entity';
import { SCHOOL_PROJECTION, School } from '../school/school.entity';
import type { RequestContext } from '../../graphql/context';
import { scopeSubject } from '../../auth/scope';
import { hydrateAlias } from '../../db/hydrate';
import { projectedProperties } from '../../graphql/projection';

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

/**
 * The relations a page joined for one of its candidates, those the caller may read. They may be
 * partial records (only the columns the query's fields read), so they are handed to the
 * candidate's own fields only, never to the request's loaders.
 */
interface JoinedRelations {
  cell?: Organization;
  school?: School | null;
  mentor?: Member;
}

declare module '../../graphql/context' {
  interface JoinedWithPage {
    candidate?: JoinedRelations;
  }
}

type RelationName = keyof JoinedRelations;

const JOINED = { cell: 'joined_cell', school: 'joined_school', mentor: 'joined_mentor', mentorOrganization: 'joined_mentor_org' } as const;

/** The relation the page joined for this candidate, if the caller may read it; undefined: ask the loader. */
export function joinedRelation<K extends RelationName>(ctx: RequestContext, candidate: Candidate, relation: K): JoinedRelations[K] | undefined {
  return ctx.joinedWithPage?.get(candidate)?.candidate?.[relation];
}

/** The columns each joined relation reads (null: the whole record; absent: not joined). */
export interface RelationPlan {
  cell?: string[] | null;
  school?: string[] | null;
  mentor?: string[] | null;
}

export function relationPlan(em: EntityManager, selection: CandidateSelection): RelationPlan {
  const plan: RelationPlan = {};
  if (selection.cell) plan.cell = projectedProperties(em, Organization, ORGANIZATION_PROJECTION, selection.cell);
  if (selection.school) plan.school = projectedProperties(em, School, SCHOOL_PROJECTION, selection.school);
  if (selection.mentor) plan.mentor = projectedProperties(em, Member, MEMBER_PROJECTION, selection.mentor);
  return plan;
}

const joinsAny = (plan: RelationPlan): boolean => 'cell' in plan || 'school' in plan || 'mentor' in plan;

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
export function joinRelations(page: SelectQueryBuilder<Candidate>, plan: RelationPlan): void {
  if (!joinsAny(plan)) return;
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
 * loaders' own SQL, checked in memory) on the request's context, by the page's row objects, which
 * live as long as the request; the rest stay for the loaders to answer (null, in their own
 * statement). Whole records are also handed to the request's loaders, which other fields of the
 * request share; partial ones are not.
 */
export function keepRelations(ctx: RequestContext, rows: Candidate[], rawRows: Record<string, unknown>[], plan: RelationPlan): void {
  if (!joinsAny(plan)) return;
  const em = ctx.dataSource.manager;
  const joinedWithPage = (ctx.joinedWithPage ??= new WeakMap());
  // A page's candidates share a few cells and mentors: each is read and checked once.
  const cells = new Map<number, { cell: Organization; readable: boolean } | null>();
  const schools = new Map<number, { school: School | null; readable: boolean }>();
  const mentors = new Map<number, Member | null>();
  for (const [index, row] of rows.entries()) {
    const joined = rawRows[index];
    const kept: JoinedRelations = {};
    joinedWithPage.set(row, { candidate: kept });
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
