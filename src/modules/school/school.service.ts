import type { EntityManager } from 'typeorm';
import { School, SchoolHeadcount } from './school.entity';
import type { CreateSchoolInput, HeadcountInput, NewSchoolInput, SchoolFilter, UpdateSchoolInput } from './school.inputs';
import { Organization } from '../organization/organization.entity';
import { OrganizationKind, SCHOOL_ORGANIZATION_KINDS, type SchoolLevel } from '../../domain/enums';
import type { RequestContext } from '../../graphql/context';
import { inTransaction, lockRow } from '../../db/transaction';
import { insertSchool } from './school.rows';
import { assertCan, loadFor } from '../../auth/guard';
import { badInput } from '../../errors/app-error';
import { decodeId } from '../../graphql/ids';
import { nameKeys, normalizeText } from '../../common/text';
import { assertVersion } from '../../common/validation';
import { pageByName, subtreeQuery } from '../organization/subtree-list';
import { about, diff, recordAudit } from '../audit/audit.service';
import { ClashError, recordingClashes } from '../audit/clash';
import type { Connection } from '../../graphql/connection';

function assertDistinctYears(headcounts: HeadcountInput[] | undefined): void {
  const years = (headcounts ?? []).map((h) => h.schoolYear);
  const repeated = years.find((year, index) => years.indexOf(year) !== index);
  if (repeated !== undefined) {
    throw badInput(`School year ${repeated}-${repeated + 1} is given twice`, [{ field: 'headcounts', message: 'one entry per school year' }]);
  }
  for (const h of headcounts ?? []) {
    if (h.grade12Students > h.students) {
      throw badInput('Grade-12 students cannot outnumber all students', [{ field: 'headcounts.grade12Students', message: `at most ${h.students}` }]);
    }
  }
}

/** A school code is unique in the tenant: whoever holds it, in the caller's scope or not, the answer is the same (audit/clash.ts). */
async function assertCodeFree(em: EntityManager, place: { id: number; path: string; tenantId: number }, code: string | undefined, exceptId?: number): Promise<void> {
  if (!code) return;
  const existing = await em.findOne(School, { where: { tenantId: place.tenantId, code }, select: { id: true, organizationId: true } });
  if (existing && existing.id !== exceptId) {
    throw new ClashError({ field: 'code', value: code, attemptedIn: place, holder: { subjectType: 'School', id: existing.id, organizationId: existing.organizationId } });
  }
}

/** The school cells under `organization` whose school is of `level`, by id (the caller has checked the organization). */
export function cellsOfLevelUnder(em: EntityManager, organization: Pick<Organization, 'path'>, level: SchoolLevel): Promise<Organization[]> {
  return em
    .getRepository(Organization)
    .createQueryBuilder('o')
    .innerJoin(School, 's', 's.organizationId = o.id')
    .where('o.path LIKE :prefix AND o.kind = :kind AND s.level = :level', { prefix: `${organization.path}%`, kind: OrganizationKind.SCHOOL_CELL, level })
    .orderBy('o.id')
    .getMany();
}

/** Creates a school under an organization the caller has already been checked against. */
export async function createSchoolIn(ctx: RequestContext, em: EntityManager, organization: Organization, input: NewSchoolInput): Promise<School> {
  assertCan(ctx, 'create', 'School', {}, organization.path);
  assertDistinctYears(input.headcounts);
  await assertCodeFree(em, organization, input.code);
  if (SCHOOL_ORGANIZATION_KINDS.includes(organization.kind)) {
    await lockRow(em, Organization, organization.id);
    const existing = await em.count(School, { where: { organizationId: organization.id } });
    if (existing > 0) {
      throw badInput('This school organization already has its school', [{ field: 'organizationId', message: 'has a school already' }]);
    }
  }
  const school = await insertSchool(em, organization, { name: input.name, level: input.level, code: input.code, headcounts: input.headcounts });
  await recordAudit(em, ctx, {
    action: 'school.create',
    ...about('School', school),
    changes: { name: school.name, level: school.level, organizationId: organization.id, headcounts: input.headcounts ?? [] },
  });
  return school;
}

export async function createSchool(ctx: RequestContext, input: CreateSchoolInput): Promise<School> {
  return recordingClashes(ctx, () => inTransaction(ctx, async (em) => {
    const { record: organization } = await loadFor<Organization>(ctx, em, 'Organization', decodeId(input.organizationId, 'Organization', 'organizationId'));
    return createSchoolIn(ctx, em, organization, input);
  }));
}

export async function updateSchool(ctx: RequestContext, id: number, input: UpdateSchoolInput): Promise<School> {
  return recordingClashes(ctx, () => inTransaction(ctx, async (em) => {
    const { record: school, organizationPath } = await loadFor<School>(ctx, em, 'School', id, 'update', { lock: true });
    assertVersion('school', input.version, school.version);
    assertDistinctYears(input.headcounts);
    const before = { ...school };
    if (input.name !== undefined) {
      school.name = normalizeText(input.name);
      Object.assign(school, nameKeys(school.name));
    }
    if (input.level !== undefined) school.level = input.level;
    if (input.code !== undefined) {
      await assertCodeFree(em, { id: school.organizationId, path: organizationPath, tenantId: school.tenantId }, input.code, school.id);
      school.code = input.code;
    }
    // Saving bumps the version even when only headcounts change, so concurrent edits are caught.
    school.updatedAt = new Date();
    const saved = await em.save(school);
    for (const headcount of input.headcounts ?? []) {
      const existing = await em.findOne(SchoolHeadcount, { where: { schoolId: school.id, schoolYear: headcount.schoolYear } });
      if (existing) await em.update(SchoolHeadcount, { id: existing.id }, { ...headcount });
      else await em.insert(SchoolHeadcount, { schoolId: school.id, ...headcount });
    }
    await recordAudit(em, ctx, {
      action: 'school.update',
      ...about('School', saved),
      changes: { ...diff(before, saved, ['name', 'level', 'code']), ...(input.headcounts ? { headcounts: [null, input.headcounts] } : {}) },
    });
    return saved;
  }));
}

export async function listSchools(ctx: RequestContext, filter: SchoolFilter | undefined, first: number, after: string | undefined): Promise<Connection<School>> {
  const qb = await subtreeQuery(ctx, 'School', filter?.under);
  if (filter?.levels?.length) qb.andWhere('school.level IN (:...levels)', { levels: filter.levels });
  return pageByName(qb, filter?.search, first, after);
}
