import { Member } from '../../member/member.entity';
import { CandidateStageEvent } from '../candidate.entity';
import type { Candidate } from '../candidate.entity';
import { CandidateStage, MemberStatus, StageEventKind } from '../../../domain/enums';
import type { RequestContext } from '../../../graphql/context';
import { badInput } from '../../../errors/app-error';
import { recordingClashes } from '../../audit/clash';
import { decodeId } from '../../../graphql/ids';
import { addMonths } from '../../../common/dates';
import { normalizeText } from '../../../common/text';
import type { CorrectStepInput } from './path.inputs';
import { createProbationaryMember, expectDate, runStep, saveWithDeadline, type StepState } from './path.service';
import { Rule, ageChecks, cellVoteCheck, certificateCheck, throwFirst, viDate, violation, type RuleCheck } from './rules';
import { DATE_FIELDS } from './labels';
import { assertHistoryRoom, checkedFactCorrection } from './history-limits';

/** A committee's corrections of wrongly recorded steps: kept in the history, never a silent edit. */

/** Undoes what a step did to the candidate and the member list when it is reverted. */
async function undoStep(state: StepState, event: CandidateStageEvent, steps: CandidateStageEvent[]): Promise<void> {
  const { candidate, em } = state;
  switch (event.toStage) {
    case CandidateStage.PROBATION_NOT_RECOGNIZED: {
      // The removed probationary member comes back, admitted on the ceremony's date.
      const ceremony = steps.filter((step) => step.toStage === CandidateStage.PROBATIONARY).pop();
      if (ceremony) await createProbationaryMember(state, ceremony.occurredOn);
      break;
    }
    case CandidateStage.TRAINED:
      candidate.awarenessCertificateNumber = null;
      candidate.awarenessCertificateOn = null;
      candidate.awarenessCertificateCentre = null;
      break;
    case CandidateStage.CELL_RESOLVED:
    case CandidateStage.COMMITTEE_RESOLVED:
      if (event.toStage === CandidateStage.CELL_RESOLVED) candidate.decisionExtended = false;
      break;
    case CandidateStage.PROBATIONARY:
      if (candidate.memberId !== null) await em.delete(Member, { id: candidate.memberId });
      candidate.memberId = null;
      candidate.probationEndsOn = null;
      candidate.recognitionResolvedOn = null;
      break;
    case CandidateStage.OFFICIAL:
      if (candidate.memberId !== null) await em.update(Member, { id: candidate.memberId }, { status: MemberStatus.PROBATIONARY, officialOn: null });
      break;
  }
}

/** Applies a corrected date to what the step set on the candidate. */
async function redate(state: StepState, event: CandidateStageEvent, occurredOn: string, isLatest: boolean): Promise<void> {
  const { candidate, em, ctx } = state;
  if (isLatest) candidate.stageSince = occurredOn;
  if (event.toStage === CandidateStage.TRAINED) candidate.awarenessCertificateOn = occurredOn;
  if (event.toStage === CandidateStage.PROBATIONARY) {
    candidate.probationEndsOn = addMonths(occurredOn, ctx.config.rules.probationMonths);
    if (candidate.memberId !== null) await em.update(Member, { id: candidate.memberId }, { admittedOn: occurredOn, joinedCellOn: occurredOn });
  }
}

/** What a corrected fact changes beyond the history: the vote is checked again, the certificate's details follow. */
async function applyCorrectedFacts(state: StepState, toStage: CandidateStage, facts: Record<string, unknown>): Promise<void> {
  const { candidate, ctx } = state;
  if (toStage === CandidateStage.CELL_RESOLVED) {
    const vote = { officialMembers: Number(facts.officialMembers), present: Number(facts.present), votesFor: Number(facts.votesFor), votesAgainst: Number(facts.votesAgainst) };
    throwFirst([cellVoteCheck(ctx.config.rules, vote)]);
  }
  if (toStage === CandidateStage.TRAINED) {
    if (typeof facts.certificateNumber === 'string') candidate.awarenessCertificateNumber = normalizeText(facts.certificateNumber);
    if (typeof facts.issuingCentre === 'string') candidate.awarenessCertificateCentre = normalizeText(facts.issuingCentre);
  }
}

/**
 * A corrected date keeps the rules that depend on it: the certificate valid at the dossier and
 * at the cell's vote (60 months from its date), the age on the day of the vote. A correction
 * cannot move a vote past the certificate's validity or before the 18th birthday.
 */
function checkCorrectedDate(state: StepState, event: CandidateStageEvent, occurredOn: string, steps: CandidateStageEvent[]): void {
  if (occurredOn === event.occurredOn) return;
  const { candidate, ctx } = state;
  const rules = ctx.config.rules;
  const stepTo = (stage: CandidateStage) => steps.filter((step) => step.toStage === stage).pop();
  const dateOf = (stage: CandidateStage) => {
    const step = stepTo(stage);
    return step ? (step.id === event.id ? occurredOn : step.occurredOn) : null;
  };
  const certificateOn = dateOf(CandidateStage.TRAINED) ?? candidate.awarenessCertificateOn;
  const dossierOn = dateOf(CandidateStage.DOSSIER);
  const vote = stepTo(CandidateStage.CELL_RESOLVED);
  const voteOn = dateOf(CandidateStage.CELL_RESOLVED);
  const checks: (RuleCheck | null)[] = [];
  if ((event.toStage === CandidateStage.TRAINED || event.toStage === CandidateStage.DOSSIER) && certificateOn && dossierOn) {
    checks.push(certificateCheck(rules, certificateOn, dossierOn));
  }
  if (vote && voteOn && (event.toStage === CandidateStage.TRAINED || event.toStage === CandidateStage.CELL_RESOLVED)) {
    if (certificateOn) checks.push(certificateCheck(rules, certificateOn, voteOn, 'vote'));
    if (event.toStage === CandidateStage.CELL_RESOLVED) {
      const facts = vote.facts ? (JSON.parse(vote.facts) as Record<string, unknown>) : {};
      checks.push(...ageChecks(rules, candidate.dateOfBirth, voteOn, facts.ageException !== undefined && facts.ageException !== null));
    }
  }
  throwFirst(checks);
}

export function correctStep(ctx: RequestContext, input: CorrectStepInput): Promise<Candidate> {
  // Reverting a refused recognition brings the member back: a clash on the national ID is recorded.
  return recordingClashes(ctx, () => runStep(ctx, input, ['correctStep'], async (state) => {
    const { candidate, em } = state;
    const event = await em.findOneBy(CandidateStageEvent, { id: decodeId(input.eventId, 'StageEvent', 'eventId'), candidateId: candidate.id });
    if (!event || event.kind !== StageEventKind.STEP || event.corrected) {
      throw badInput('eventId must be a standing step of this candidate', [{ field: 'eventId', message: 'not a correctable step' }]);
    }
    if (event.fromStage === null) throw violation(Rule.CORRECTION, 'The first step (SOURCE) cannot be corrected; edit the candidate instead', 'Không sửa được bước đầu tiên (tạo nguồn); hãy sửa thông tin của quần chúng');
    const steps = (await em.find(CandidateStageEvent, { where: { candidateId: candidate.id, kind: StageEventKind.STEP, corrected: false }, order: { id: 'ASC' } }));
    const index = steps.findIndex((step) => step.id === event.id);
    const isLatest = index === steps.length - 1;
    const before = { occurredOn: event.occurredOn, facts: event.facts ? (JSON.parse(event.facts) as Record<string, unknown>) : null, stage: candidate.stage };

    let corrected: Record<string, string | number> | undefined;
    if (input.revert) {
      if (!isLatest || candidate.stage !== event.toStage) {
        throw violation(Rule.CORRECTION, 'Only the latest step can be undone', 'Chỉ hoàn tác được bước gần nhất');
      }
      await undoStep(state, event, steps);
      await em.update(CandidateStageEvent, { id: event.id }, { corrected: true });
      candidate.stage = event.fromStage;
      candidate.stageSince = steps[index - 1]?.occurredOn ?? candidate.stageSince;
    } else {
      if (input.occurredOn === undefined && input.facts === undefined) {
        throw badInput('Say what to correct: revert, occurredOn or facts', [{ field: 'occurredOn', message: 'nothing to correct' }]);
      }
      const occurredOn = input.occurredOn ?? event.occurredOn;
      expectDate(state, occurredOn, DATE_FIELDS.correctedStep, steps[index - 1]?.occurredOn ?? '1900-01-01');
      const next = steps[index + 1];
      if (next && occurredOn > next.occurredOn) {
        throw violation(Rule.DATE_ORDER, `occurredOn cannot be after the next step (${next.occurredOn})`, `${DATE_FIELDS.correctedStep.vi} (${viDate(occurredOn)}) không thể sau ngày của bước kế tiếp (${viDate(next.occurredOn)})`);
      }
      checkCorrectedDate(state, event, occurredOn, steps);
      corrected = input.facts === undefined ? undefined : checkedFactCorrection(event.toStage, input.facts);
      const facts = corrected ? { ...(before.facts ?? {}), ...corrected } : before.facts;
      if (corrected) await applyCorrectedFacts(state, event.toStage, facts ?? {});
      await em.update(CandidateStageEvent, { id: event.id }, { occurredOn, facts: facts ? JSON.stringify(facts) : null });
      await redate(state, event, occurredOn, isLatest);
    }
    await assertHistoryRoom(em, candidate.id, StageEventKind.CORRECTION);
    await em.insert(CandidateStageEvent, {
      candidateId: candidate.id,
      tenantId: candidate.tenantId,
      organizationId: candidate.organizationId,
      kind: StageEventKind.CORRECTION,
      fromStage: before.stage,
      toStage: candidate.stage,
      occurredOn: state.today,
      recordedByUserId: ctx.principal?.userId ?? null,
      facts: JSON.stringify({ reason: normalizeText(input.reason), revert: Boolean(input.revert), before, after: input.revert ? null : { occurredOn: input.occurredOn ?? before.occurredOn, facts: corrected ?? null } }),
      note: input.note ? normalizeText(input.note) : null,
      correctsEventId: event.id,
    });
    return saveWithDeadline(state, { action: 'candidate.correctStep', changes: { eventId: event.id, reason: input.reason, revert: Boolean(input.revert) } });
  }));
}
