/**
 * The writes of a candidate's data (not its stage: path/): create and update, each in one
 * transaction with its audit row. Lists are in candidate.lists.ts.
 */
import { Not, type EntityManager } from 'typeorm';
import { Candidate, CandidateStageEvent, CandidateStallReason } from './candidate.entity';
import type { CandidateDataInput, CreateCandidateInput, UpdateCandidateInput } from './candidate.inputs';
import type { Organization } from '../organization/organization.entity';
import { Member } from '../member/member.entity';
import { CandidateStage, PersonCategory } from '../../domain/enums';
import type { RequestContext } from '../../graphql/context';
import { inTransaction } from '../../db/transaction';
import { assertCan, loadFor } from '../../auth/guard';
import { badInput } from '../../errors/app-error';
import { decodeId, decodeOptionalId } from '../../graphql/ids';
import { nameKeys, normalizeText } from '../../common/text';
import { todayInVietnam } from '../../common/dates';
import { assertNotFuture, assertOrder, assertVersion } from '../../common/validation';
import { diff, recordAudit } from '../audit/audit.service';
import { ClashError, recordingClashes } from '../audit/clash';
import { assertIsCell } from '../member/member.service';
import { afterVoteChecks } from './charter-checks';
import { standingSteps } from './path/path-state';
import { RuleViolation } from './path/rules';

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
    const changed = (['dateOfBirth', 'educationLevel'] as const).filter((field) => candidate[field] !== before[field]);
    if (changed.length) {
      // After the cell's vote, as correctStep keeps a corrected vote date to them.
      const steps = standingSteps(await em.findBy(CandidateStageEvent, { candidateId: candidate.id }));
      const breach = afterVoteChecks(ctx.config.rules, candidate, steps).find(({ about }) => (changed as string[]).includes(about));
      if (breach) throw new RuleViolation(breach.check);
    }
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
