import { In, type EntityManager } from 'typeorm';
import { Candidate, CandidateStageEvent } from '../candidate.entity';
import { Organization } from '../../organization/organization.entity';
import { Member } from '../../member/member.entity';
import { CandidateStage, MemberStatus, StageEventKind } from '../../../domain/enums';
import type { RequestContext } from '../../../graphql/context';
import type { RulesConfig } from '../../../config';
import type { Action } from '../../../auth/ability';
import { loadForAny } from '../../../auth/guard';
import { inTransaction } from '../../../db/transaction';
import { badInput } from '../../../errors/app-error';
import { decodeId } from '../../../graphql/ids';
import { addMonths, todayInVietnam } from '../../../common/dates';
import { normalizeText, nameKeys } from '../../../common/text';
import { assertVersion } from '../../../common/validation';
import { about, recordAudit } from '../../audit/audit.service';
import { ClashError } from '../../audit/clash';
import { WorkingCalendar } from '../../calendar/working-days';
import { computeDeadline, type PathPlaces } from './path-state';
import { Rule, viDate, violation } from './rules';
import { stageVi, type DateField } from './labels';
import { assertHistoryRoom } from './history-limits';

/** Everything a step needs to know about the candidate and where their cell stands. */
export interface StepState {
  em: EntityManager;
  ctx: RequestContext;
  candidate: Candidate;
  cell: Organization;
  places: PathPlaces;
  calendar: WorkingCalendar;
  today: string;
}

import { placesOf } from '../../organization/authority';
export { placesAmong, placesOf } from '../../organization/authority';

/**
 * Runs one step in one transaction: loads the candidate the caller may see (locked on MySQL,
 * so two people recording the same step produce one event), checks who may take the step and
 * the version, then lets `work` apply it. Candidate, history, member and audit rows change
 * together or not at all.
 */
export async function runStep<T>(
  ctx: RequestContext,
  input: { candidateId: string; version: number },
  actions: Action[],
  work: (state: StepState) => Promise<T>,
): Promise<T> {
  return inTransaction(ctx, async (em) => {
    const { record: candidate } = await loadForAny<Candidate>(ctx, em, 'Candidate', decodeId(input.candidateId, 'Candidate', 'candidateId'), actions, {
      lock: true,
      forbiddenMessage: 'Your role and level may not record this step for this candidate',
    });
    const cell = await em.findOneByOrFail(Organization, { id: candidate.organizationId });
    const places = await placesOf(em, cell);
    assertVersion('candidate', input.version, candidate.version);
    // Read afresh, not from this instance's cache: the deadline the step stores must follow a
    // calendar change made on another instance a moment ago.
    const calendar = await WorkingCalendar.load(em);
    return work({ em, ctx, candidate, cell, places, calendar, today: todayInVietnam() });
  });
}

export function expectStage(state: StepState, ...stages: CandidateStage[]): void {
  if (!stages.includes(state.candidate.stage)) {
    throw violation(
      Rule.STEP_ORDER,
      `This step follows ${stages.join(' or ')}; the candidate is at ${state.candidate.stage}`,
      `Bước này chỉ thực hiện sau giai đoạn ${stages.map(stageVi).join(' hoặc ')}; quần chúng đang ở giai đoạn ${stageVi(state.candidate.stage)}`,
    );
  }
}

/** A step's date: not after today, not before the step before it. */
export function expectDate(state: StepState, date: string, field: DateField, notBefore: string = state.candidate.stageSince): void {
  if (date > state.today) {
    throw violation(Rule.DATE_IN_FUTURE, `${field.name} (${date}) cannot be after today (${state.today})`, `${field.vi} (${viDate(date)}) không thể sau ngày hôm nay (${viDate(state.today)})`);
  }
  if (date < notBefore) {
    throw violation(Rule.DATE_ORDER, `${field.name} (${date}) cannot be before the previous step (${notBefore})`, `${field.vi} (${viDate(date)}) không thể trước ngày của bước trước đó (${viDate(notBefore)})`);
  }
}

/** A member of the candidate's cell; BAD_USER_INPUT when the id is not one. */
export async function memberOfCell(state: StepState, globalId: string, field: string): Promise<Member> {
  const member = await state.em.findOneBy(Member, { id: decodeId(globalId, 'Member', field) });
  if (!member || member.organizationId !== state.cell.id) {
    throw badInput(`${field} must be a party member of the candidate's cell`, [{ field, message: 'not a member of this cell' }]);
  }
  return member;
}

export function expectOfficialMentor(member: Member): void {
  if (member.status !== MemberStatus.OFFICIAL) {
    throw violation(Rule.MENTOR_OFFICIAL, `${member.fullName} is a probationary member; the mentor must be an official member`, `${member.fullName} là đảng viên dự bị; người giúp đỡ phải là đảng viên chính thức`);
  }
}

/** The cell's official members on a day (members have no leaving date: those still in the cell). */
export async function officialMemberCount(em: EntityManager, cellId: number, on: string): Promise<number> {
  return em
    .getRepository(Member)
    .createQueryBuilder('member')
    .where('member.organizationId = :cellId AND member.status = :official', { cellId, official: MemberStatus.OFFICIAL })
    .andWhere('(member.officialOn IS NULL OR member.officialOn <= :on)', { on })
    .getCount();
}

async function historyOf(em: EntityManager, candidateId: number): Promise<CandidateStageEvent[]> {
  return em.find(CandidateStageEvent, { where: { candidateId }, order: { id: 'ASC' } });
}

/** Appends a history event and saves the candidate with its deadline recomputed (the version goes up). */
export async function record(
  state: StepState,
  event: { kind?: StageEventKind; toStage?: CandidateStage; occurredOn: string; facts?: Record<string, unknown>; note?: string | null; correctsEventId?: number | null },
  audit: { action: string; changes?: Record<string, unknown> },
): Promise<Candidate> {
  const { em, ctx, candidate } = state;
  const kind = event.kind ?? StageEventKind.STEP;
  await assertHistoryRoom(em, candidate.id, kind);
  const fromStage = candidate.stage;
  if (event.toStage !== undefined && kind === StageEventKind.STEP) {
    candidate.stage = event.toStage;
    candidate.stageSince = event.occurredOn;
  }
  await em.insert(CandidateStageEvent, {
    candidateId: candidate.id,
    tenantId: candidate.tenantId,
    organizationId: candidate.organizationId,
    kind,
    fromStage,
    toStage: event.toStage ?? candidate.stage,
    occurredOn: event.occurredOn,
    recordedByUserId: ctx.principal?.userId ?? null,
    facts: event.facts ? JSON.stringify(event.facts) : null,
    note: event.note ? normalizeText(event.note) : null,
    correctsEventId: event.correctsEventId ?? null,
  });
  return saveWithDeadline(state, audit);
}

/** Recomputes the stored deadline from the standing history and saves the candidate, with its audit row. */
export async function saveWithDeadline(state: StepState, audit: { action: string; changes?: Record<string, unknown> }): Promise<Candidate> {
  const { em, ctx, candidate, calendar } = state;
  const deadline = computeDeadline(candidate, await historyOf(em, candidate.id), calendar, ctx.config.rules);
  candidate.deadlineKind = deadline?.kind ?? null;
  candidate.deadlineOn = deadline?.dueOn ?? null;
  candidate.updatedAt = new Date();
  const saved = await em.save(candidate);
  await recordAudit(em, ctx, {
    action: audit.action,
    ...about('Candidate', saved),
    changes: { stage: saved.stage, ...(audit.changes ?? {}) },
  });
  return saved;
}

/** The ceremony makes the candidate a probationary member of the cell, in the same transaction. */
export async function createProbationaryMember(state: StepState, ceremonyDate: string): Promise<Member> {
  const { em, candidate, cell } = state;
  // A national ID names one member of the tenant: a member entered by hand or imported with the
  // candidate's ID is not doubled (the figures would count the person twice). The neutral clash
  // answer, as createMember gives it; the committee above both finds the clash in its audit log.
  if (candidate.nationalId) {
    const holder = await em.findOne(Member, { where: { tenantId: cell.tenantId, nationalId: candidate.nationalId }, select: { id: true, organizationId: true } });
    if (holder) throw new ClashError({ field: 'nationalId', value: candidate.nationalId, attemptedIn: cell, holder: { subjectType: 'Member', id: holder.id, organizationId: holder.organizationId } });
  }
  const member = await em.save(
    em.create(Member, {
      tenantId: cell.tenantId,
      organizationId: cell.id,
      fullName: candidate.fullName,
      ...nameKeys(candidate.fullName),
      dateOfBirth: candidate.dateOfBirth,
      gender: candidate.gender,
      category: candidate.category,
      status: MemberStatus.PROBATIONARY,
      admittedOn: ceremonyDate,
      officialOn: null,
      joinedCellOn: ceremonyDate,
      isSecretary: false,
      isPrincipal: false,
      nationalId: candidate.nationalId,
      candidateId: candidate.id,
    }),
  );
  candidate.memberId = member.id;
  candidate.probationEndsOn = addMonths(ceremonyDate, state.ctx.config.rules.probationMonths);
  return member;
}

/**
 * Recomputes the stored deadline of every candidate waiting on one (after seeding, or after the
 * calendar's holidays or make-up days change), in batches, with one calendar read afresh.
 */
export async function refreshDeadlines(em: EntityManager, rules: RulesConfig, tenantId?: number): Promise<number> {
  const calendar = await WorkingCalendar.load(em);
  const waiting = [CandidateStage.CELL_RESOLVED, CandidateStage.COMMITTEE_RESOLVED, CandidateStage.ADMITTED, CandidateStage.PROBATIONARY];
  let lastId = 0;
  let updated = 0;
  for (;;) {
    const batch = await em
      .getRepository(Candidate)
      .createQueryBuilder('candidate')
      .where('candidate.stage IN (:...waiting) AND candidate.id > :lastId', { waiting, lastId })
      .andWhere(tenantId === undefined ? '1 = 1' : 'candidate.tenantId = :tenantId', { tenantId })
      .orderBy('candidate.id', 'ASC')
      .limit(500)
      .getMany();
    if (batch.length === 0) return updated;
    const events = await em.find(CandidateStageEvent, { where: { candidateId: In(batch.map((c) => c.id)) }, order: { id: 'ASC' } });
    const byCandidate = new Map<number, CandidateStageEvent[]>();
    for (const event of events) byCandidate.set(event.candidateId, [...(byCandidate.get(event.candidateId) ?? []), event]);
    for (const candidate of batch) {
      const deadline = computeDeadline(candidate, byCandidate.get(candidate.id) ?? [], calendar, rules);
      if (candidate.deadlineKind !== (deadline?.kind ?? null) || candidate.deadlineOn !== (deadline?.dueOn ?? null)) {
        // Derived data: the candidate's version stays, so nobody's next step conflicts over it.
        await em.query('UPDATE candidate SET deadline_kind = ?, deadline_on = ? WHERE id = ?', [deadline?.kind ?? null, deadline?.dueOn ?? null, candidate.id]);
        updated += 1;
      }
    }
    lastId = batch[batch.length - 1].id;
  }
}
