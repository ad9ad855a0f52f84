import { Member } from '../../member/member.entity';
import type { Candidate } from '../candidate.entity';
import { CandidateStage, MemberStatus, StageEventKind } from '../../../domain/enums';
import type { RequestContext } from '../../../graphql/context';
import { badInput } from '../../../errors/app-error';
import { recordingClashes } from '../../audit/clash';
import { normalizeText } from '../../../common/text';
import type { AdmissionDecisionInput, CeremonyInput, CellResolutionInput, CloseCandidateInput, CommitteeResolutionInput, ExtendDecisionDeadlineInput, MarkSympathizerInput, OpenDossierInput, ReassignMentorInput, RecognitionDecisionInput, RecognitionResolutionInput, RecordAwarenessClassInput } from './path.inputs';
import { createProbationaryMember, expectDate, expectOfficialMentor, expectStage, memberOfCell, officialMemberCount, record, runStep, type StepState } from './path.service';
import { ageChecks, cellVoteCheck, certificateCheck, educationCheck, Rule, throwFirst, viDate, violation } from './rules';
import { closingDateField, DATE_FIELDS } from './labels';
import { ACTIVE_STAGES } from './path-state';
import { introducerChecks } from '../charter-checks';

/** One function per step of the path (domain.md, "A candidate's way"). */

export function markSympathizer(ctx: RequestContext, input: MarkSympathizerInput): Promise<Candidate> {
  return runStep(ctx, input, ['recordCellStep'], async (state) => {
    expectStage(state, CandidateStage.SOURCE);
    expectDate(state, input.resolutionDate, DATE_FIELDS.sympathizerResolution);
    const mentor = await memberOfCell(state, input.mentorId, 'mentorId');
    expectOfficialMentor(mentor);
    state.candidate.mentorId = mentor.id;
    return record(
      state,
      { toStage: CandidateStage.SYMPATHIZER, occurredOn: input.resolutionDate, facts: { resolutionDate: input.resolutionDate, mentor: mentor.fullName, mentorId: mentor.id }, note: input.note },
      { action: 'candidate.markSympathizer', changes: { mentorId: mentor.id } },
    );
  });
}

export function recordAwarenessClass(ctx: RequestContext, input: RecordAwarenessClassInput): Promise<Candidate> {
  return runStep(ctx, input, ['recordAwarenessClass'], async (state) => {
    expectStage(state, CandidateStage.SYMPATHIZER);
    expectDate(state, input.certificateDate, DATE_FIELDS.certificate);
    const { candidate } = state;
    candidate.awarenessCertificateNumber = normalizeText(input.certificateNumber);
    candidate.awarenessCertificateOn = input.certificateDate;
    candidate.awarenessCertificateCentre = normalizeText(input.issuingCentre);
    return record(
      state,
      {
        toStage: CandidateStage.TRAINED,
        occurredOn: input.certificateDate,
        facts: { certificateNumber: candidate.awarenessCertificateNumber, certificateDate: input.certificateDate, issuingCentre: candidate.awarenessCertificateCentre },
        note: input.note,
      },
      { action: 'candidate.recordAwarenessClass' },
    );
  });
}

/** The introducers, members of the cell, held to the Charter's rules on the day of the dossier (charter-checks.ts introducerChecks). */
async function checkIntroducers(state: StepState, input: OpenDossierInput, dossierDate: string): Promise<Member[]> {
  if (input.youthUnion) expectDate(state, input.youthUnion.resolutionDate, DATE_FIELDS.youthUnionResolution, '1900-01-01');
  const introducers: Member[] = [];
  for (const [index, id] of input.introducerIds.entries()) introducers.push(await memberOfCell(state, id, `introducerIds[${index}]`));
  throwFirst(introducerChecks(state.ctx.config.rules, { on: dossierDate, candidate: state.candidate, youthUnion: input.youthUnion ?? null, introducers }));
  return introducers;
}

export function openDossier(ctx: RequestContext, input: OpenDossierInput): Promise<Candidate> {
  return runStep(ctx, input, ['recordCellStep'], async (state) => {
    expectStage(state, CandidateStage.TRAINED);
    expectDate(state, input.applicationDate, DATE_FIELDS.application);
    expectDate(state, input.biographyDate, DATE_FIELDS.biography);
    expectDate(state, input.backgroundCheckDate, DATE_FIELDS.backgroundCheck);
    // The dossier is complete on the latest of its documents.
    const dossierDate = [input.applicationDate, input.biographyDate, input.backgroundCheckDate].sort().pop() as string;
    throwFirst([certificateCheck(ctx.config.rules, state.candidate.awarenessCertificateOn, dossierDate), educationCheck(state.candidate.educationLevel)]);
    const introducers = await checkIntroducers(state, input, dossierDate);
    return record(
      state,
      {
        toStage: CandidateStage.DOSSIER,
        occurredOn: dossierDate,
        facts: {
          applicationDate: input.applicationDate,
          biographyDate: input.biographyDate,
          backgroundCheck: { result: normalizeText(input.backgroundCheckResult), date: input.backgroundCheckDate },
          introducers: introducers.map((member) => ({ memberId: member.id, name: member.fullName })),
          ...(input.youthUnion ? { youthUnion: { committeeName: normalizeText(input.youthUnion.committeeName), resolutionDate: input.youthUnion.resolutionDate } } : {}),
        },
        note: input.note,
      },
      { action: 'candidate.openDossier' },
    );
  });
}

export function recordCellResolution(ctx: RequestContext, input: CellResolutionInput): Promise<Candidate> {
  return runStep(ctx, input, ['recordCellStep'], async (state) => {
    expectStage(state, CandidateStage.DOSSIER);
    expectDate(state, input.meetingDate, DATE_FIELDS.cellMeeting);
    const rules = ctx.config.rules;
    if (input.ageException) {
      expectDate(state, input.ageException.approvedOn, DATE_FIELDS.ageExceptionApproval, '1900-01-01');
      if (input.ageException.approvedOn < state.candidate.dateOfBirth) {
        throw violation(
          Rule.DATE_ORDER,
          `The age exception cannot be approved (${input.ageException.approvedOn}) before the candidate was born (${state.candidate.dateOfBirth})`,
          `Ngày cấp có thẩm quyền đồng ý kết nạp ngoài độ tuổi (${viDate(input.ageException.approvedOn)}) không thể trước ngày sinh của quần chúng (${viDate(state.candidate.dateOfBirth)})`,
        );
      }
      if (input.ageException.approvedOn > input.meetingDate) {
        throw violation(Rule.DATE_ORDER, 'The age exception must be approved before the cell votes', 'Ý kiến đồng ý ngoài độ tuổi phải có trước khi chi bộ biểu quyết');
      }
    }
    const officialMembers = await officialMemberCount(state.em, state.cell.id, input.meetingDate);
    const vote = { officialMembers, present: input.present, votesFor: input.votesFor, votesAgainst: input.votesAgainst };
    throwFirst([
      ...ageChecks(rules, state.candidate.dateOfBirth, input.meetingDate, input.ageException !== undefined),
      educationCheck(state.candidate.educationLevel),
      // Valid from its date to the day the cell meets, not only to the dossier.
      certificateCheck(rules, state.candidate.awarenessCertificateOn, input.meetingDate, 'vote'),
      cellVoteCheck(rules, vote),
    ]);
    return record(
      state,
      { toStage: CandidateStage.CELL_RESOLVED, occurredOn: input.meetingDate, facts: { ...vote, ...(input.ageException ? { ageException: input.ageException } : {}) }, note: input.note },
      { action: 'candidate.cellResolution', changes: vote },
    );
  });
}

export function recordCommitteeResolution(ctx: RequestContext, input: CommitteeResolutionInput): Promise<Candidate> {
  return runStep(ctx, input, ['resolveAsCommittee'], async (state) => {
    if (!state.places.needsCommitteeResolution) {
      throw violation(
        Rule.COMMITTEE_RESOLUTION_NOT_NEEDED,
        'This cell sits directly under a committee that decides; no grassroots committee resolution is needed',
        'Chi bộ trực thuộc cấp ủy có thẩm quyền quyết định; không cần nghị quyết của đảng ủy cơ sở',
      );
    }
    expectStage(state, CandidateStage.CELL_RESOLVED);
    expectDate(state, input.resolutionDate, DATE_FIELDS.committeeResolution);
    return record(
      state,
      { toStage: CandidateStage.COMMITTEE_RESOLVED, occurredOn: input.resolutionDate, facts: { resolutionNumber: normalizeText(input.resolutionNumber) }, note: input.note },
      { action: 'candidate.committeeResolution' },
    );
  });
}

export function recordAdmissionDecision(ctx: RequestContext, input: AdmissionDecisionInput): Promise<Candidate> {
  return runStep(ctx, input, ['decide'], async (state) => {
    if (state.places.needsCommitteeResolution) expectStage(state, CandidateStage.COMMITTEE_RESOLVED);
    else expectStage(state, CandidateStage.CELL_RESOLVED);
    expectDate(state, input.decisionDate, DATE_FIELDS.admissionDecision);
    return record(
      state,
      {
        toStage: CandidateStage.ADMITTED,
        occurredOn: input.decisionDate,
        facts: { decisionNumber: normalizeText(input.decisionNumber), signer: normalizeText(input.signer), decidingOrganizationId: state.places.decidingOrganizationId },
        note: input.note,
      },
      { action: 'candidate.admissionDecision' },
    );
  });
}

export function extendDecisionDeadline(ctx: RequestContext, input: ExtendDecisionDeadlineInput): Promise<Candidate> {
  return runStep(ctx, input, ['decide'], async (state) => {
    expectStage(state, CandidateStage.CELL_RESOLVED, CandidateStage.COMMITTEE_RESOLVED);
    if (state.candidate.decisionExtended) {
      throw violation(Rule.EXTENSION_ONCE, 'The decision deadline can be extended only once', 'Thời hạn ra quyết định chỉ được gia hạn một lần');
    }
    expectDate(state, input.extendedOn, DATE_FIELDS.extension);
    state.candidate.decisionExtended = true;
    return record(
      state,
      { kind: StageEventKind.DEADLINE_EXTENDED, occurredOn: input.extendedOn, facts: { reason: normalizeText(input.reason), workingDays: ctx.config.rules.decisionExtensionWorkingDays }, note: input.note },
      { action: 'candidate.extendDecisionDeadline' },
    );
  });
}

export function recordCeremony(ctx: RequestContext, input: CeremonyInput): Promise<Candidate> {
  return recordingClashes(ctx, () => runStep(ctx, input, ['recordCellStep'], async (state) => {
    expectStage(state, CandidateStage.ADMITTED);
    expectDate(state, input.ceremonyDate, DATE_FIELDS.ceremony);
    const member = await createProbationaryMember(state, input.ceremonyDate);
    return record(
      state,
      { toStage: CandidateStage.PROBATIONARY, occurredOn: input.ceremonyDate, facts: { ceremonyDate: input.ceremonyDate, memberId: member.id, probationEndsOn: state.candidate.probationEndsOn }, note: input.note },
      { action: 'candidate.ceremony', changes: { memberId: member.id } },
    );
  }));
}

export function recordRecognitionResolution(ctx: RequestContext, input: RecognitionResolutionInput): Promise<Candidate> {
  return runStep(ctx, input, ['recordCellStep'], async (state) => {
    expectStage(state, CandidateStage.PROBATIONARY);
    const { candidate } = state;
    if (candidate.recognitionResolvedOn) {
      throw violation(Rule.STEP_ORDER, 'The cell has already proposed recognition; the committee decides next', 'Chi bộ đã đề nghị công nhận; bước tiếp theo là quyết định của cấp ủy');
    }
    const probationEnds = candidate.probationEndsOn ?? candidate.stageSince;
    if (input.meetingDate < probationEnds) {
      throw violation(Rule.PROBATION_NOT_OVER, `The probation ends on ${probationEnds}; the cell considers recognition from that day on`, `Thời gian dự bị kết thúc ngày ${viDate(probationEnds)}; chi bộ chỉ xét từ ngày đó`);
    }
    expectDate(state, input.meetingDate, DATE_FIELDS.recognitionMeeting);
    const vote = { officialMembers: await officialMemberCount(state.em, state.cell.id, input.meetingDate), present: input.present, votesFor: input.votesFor, votesAgainst: input.votesAgainst };
    throwFirst([cellVoteCheck(ctx.config.rules, vote)]);
    candidate.recognitionResolvedOn = input.meetingDate;
    return record(state, { kind: StageEventKind.RECOGNITION_PROPOSED, occurredOn: input.meetingDate, facts: vote, note: input.note }, { action: 'candidate.recognitionResolution', changes: vote });
  });
}

export function recordRecognitionDecision(ctx: RequestContext, input: RecognitionDecisionInput): Promise<Candidate> {
  return runStep(ctx, input, ['decide'], async (state) => {
    expectStage(state, CandidateStage.PROBATIONARY);
    const { candidate, em } = state;
    if (!candidate.recognitionResolvedOn) {
      throw violation(Rule.STEP_ORDER, "The cell's resolution on recognition comes first", 'Cần có nghị quyết của chi bộ đề nghị công nhận trước');
    }
    expectDate(state, input.decisionDate, DATE_FIELDS.recognitionDecision, candidate.recognitionResolvedOn);
    // Official membership counts from the end of the probation.
    const officialOn = candidate.probationEndsOn ?? input.decisionDate;
    if (candidate.memberId !== null) await em.update(Member, { id: candidate.memberId }, { status: MemberStatus.OFFICIAL, officialOn });
    return record(
      state,
      { toStage: CandidateStage.OFFICIAL, occurredOn: input.decisionDate, facts: { decisionNumber: normalizeText(input.decisionNumber), officialOn }, note: input.note },
      { action: 'candidate.recognitionDecision', changes: { officialOn } },
    );
  });
}

const BEFORE_ADMISSION: CandidateStage[] = [CandidateStage.SOURCE, CandidateStage.SYMPATHIZER, CandidateStage.TRAINED, CandidateStage.DOSSIER, CandidateStage.CELL_RESOLVED, CandidateStage.COMMITTEE_RESOLVED, CandidateStage.ADMITTED];
const VOTED: CandidateStage[] = [CandidateStage.DOSSIER, CandidateStage.CELL_RESOLVED, CandidateStage.COMMITTEE_RESOLVED];

export function closeCandidate(ctx: RequestContext, input: CloseCandidateInput): Promise<Candidate> {
  const ways: Partial<Record<CandidateStage, { from: CandidateStage[]; actions: ('recordCellStep' | 'close' | 'decide')[] }>> = {
    DROPPED: { from: BEFORE_ADMISSION, actions: ['recordCellStep', 'close'] },
    REJECTED: { from: VOTED, actions: ['recordCellStep', 'close', 'decide'] },
    PROBATION_NOT_RECOGNIZED: { from: [CandidateStage.PROBATIONARY], actions: ['decide'] },
  };
  const way = ways[input.outcome];
  if (!way) throw badInput('outcome must be DROPPED, REJECTED or PROBATION_NOT_RECOGNIZED', [{ field: 'outcome', message: 'not a way out' }]);
  return runStep(ctx, input, way.actions, async (state) => {
    expectStage(state, ...way.from);
    expectDate(state, input.date, closingDateField(input.outcome));
    const { candidate, em } = state;
    // Not recognised (xóa tên): the probationary member leaves the cell's list; the candidate keeps the history.
    if (input.outcome === CandidateStage.PROBATION_NOT_RECOGNIZED && candidate.memberId !== null) {
      await em.delete(Member, { id: candidate.memberId });
      candidate.memberId = null;
    }
    return record(
      state,
      { toStage: input.outcome, occurredOn: input.date, facts: { reason: input.reason ?? null, reasonText: normalizeText(input.reasonText) }, note: input.note },
      { action: 'candidate.close', changes: { outcome: input.outcome } },
    );
  });
}

export function reassignMentor(ctx: RequestContext, input: ReassignMentorInput): Promise<Candidate> {
  return runStep(ctx, input, ['recordCellStep'], async (state) => {
    expectStage(state, ...ACTIVE_STAGES.filter((stage) => stage !== CandidateStage.SOURCE));
    expectDate(state, input.date, DATE_FIELDS.mentorChange);
    const mentor = await memberOfCell(state, input.mentorId, 'mentorId');
    expectOfficialMentor(mentor);
    if (mentor.id === state.candidate.mentorId) throw badInput('This member already helps the candidate', [{ field: 'mentorId', message: 'same mentor' }]);
    const previous = state.candidate.mentorId;
    state.candidate.mentorId = mentor.id;
    return record(
      state,
      { kind: StageEventKind.MENTOR_CHANGED, occurredOn: input.date, facts: { fromMentorId: previous, toMentorId: mentor.id, mentor: mentor.fullName }, note: input.note },
      { action: 'candidate.reassignMentor', changes: { mentorId: [previous, mentor.id] } },
    );
  });
}
