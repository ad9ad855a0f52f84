import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { RulesConfig } from '../../../config';
import type { WorkingCalendar } from '../../calendar/working-days';
import { CandidateStage, Role, StageEventKind } from '../../../domain/enums';
import type { Candidate, CandidateStageEvent } from '../candidate.entity';
import { LocalDateScalar } from '../../../graphql/scalars';
import { ageChecks, certificateCheck, educationCheck, type RuleCheck } from './rules';

/** Where a candidate stands on the path: what comes next, by whom, and by when. */
export enum DeadlineKind {
  /** The admission decision: 60 working days from the cell's resolution (+30 once, extended). */
  DECISION = 'DECISION',
  /** The ceremony: 30 working days from the decision. */
  CEREMONY = 'CEREMONY',
  /** The cell considers official recognition: 30 working days after the probation ends. */
  RECOGNITION_RESOLUTION = 'RECOGNITION_RESOLUTION',
  /** The committee decides on recognition: 30 working days after the cell's resolution. */
  RECOGNITION_DECISION = 'RECOGNITION_DECISION',
}

export enum NextAction {
  MARK_SYMPATHIZER = 'MARK_SYMPATHIZER',
  RECORD_AWARENESS_CLASS = 'RECORD_AWARENESS_CLASS',
  OPEN_DOSSIER = 'OPEN_DOSSIER',
  CELL_RESOLUTION = 'CELL_RESOLUTION',
  COMMITTEE_RESOLUTION = 'COMMITTEE_RESOLUTION',
  ADMISSION_DECISION = 'ADMISSION_DECISION',
  CEREMONY = 'CEREMONY',
  RECOGNITION_RESOLUTION = 'RECOGNITION_RESOLUTION',
  RECOGNITION_DECISION = 'RECOGNITION_DECISION',
}

/** Who acts next, relative to the candidate's cell. */
export enum NextActor {
  CELL = 'CELL',
  CELL_OR_COMMITTEE = 'CELL_OR_COMMITTEE',
  GRASSROOTS_COMMITTEE = 'GRASSROOTS_COMMITTEE',
  DECIDING_COMMITTEE = 'DECIDING_COMMITTEE',
}

registerEnumType(DeadlineKind, { name: 'DeadlineKind', description: 'What a deadline is for' });
registerEnumType(NextAction, { name: 'NextAction', description: 'The next step on the path' });
registerEnumType(NextActor, { name: 'NextActor', description: 'Who records the next step' });

@ObjectType({ description: 'The next deadline of a candidate, in working days' })
export class Deadline {
  @Field(() => DeadlineKind)
  kind!: DeadlineKind;

  @Field(() => LocalDateScalar)
  dueOn!: string;

  @Field(() => Int, { description: 'Working days from today to the due date; negative when overdue' })
  workingDaysLeft!: number;

  @Field()
  overdue!: boolean;
}

@ObjectType({ description: 'What is required next and by whom' })
export class NextStep {
  @Field(() => NextAction)
  action!: NextAction;

  @Field(() => CandidateStage, { description: 'The stage the step leads to' })
  stage!: CandidateStage;

  @Field(() => NextActor)
  actor!: NextActor;

  @Field(() => Role, { description: 'The role that records it' })
  role!: Role;

  @Field()
  description!: string;

  @Field()
  descriptionVi!: string;

  /** The organization that acts (resolved by the resolver). */
  organizationId!: number | null;
}

export const ACTIVE_STAGES: readonly CandidateStage[] = [
  CandidateStage.SOURCE,
  CandidateStage.SYMPATHIZER,
  CandidateStage.TRAINED,
  CandidateStage.DOSSIER,
  CandidateStage.CELL_RESOLVED,
  CandidateStage.COMMITTEE_RESOLVED,
  CandidateStage.ADMITTED,
  CandidateStage.PROBATIONARY,
];

/** The steps that still stand, oldest first (corrected-away steps are left out). */
export function standingSteps(events: CandidateStageEvent[]): CandidateStageEvent[] {
  return events.filter((event) => event.kind === StageEventKind.STEP && !event.corrected).sort((a, b) => a.id - b.id);
}

function lastStepTo(events: CandidateStageEvent[], stage: CandidateStage): CandidateStageEvent | undefined {
  return standingSteps(events)
    .filter((event) => event.toStage === stage)
    .pop();
}

/** The deadline that follows from the candidate's stage and history. */
export function computeDeadline(
  candidate: Pick<Candidate, 'stage' | 'decisionExtended' | 'probationEndsOn' | 'recognitionResolvedOn'>,
  events: CandidateStageEvent[],
  calendar: WorkingCalendar,
  rules: RulesConfig,
): { kind: DeadlineKind; dueOn: string } | null {
  switch (candidate.stage) {
    case CandidateStage.CELL_RESOLVED:
    case CandidateStage.COMMITTEE_RESOLVED: {
      const resolution = lastStepTo(events, CandidateStage.CELL_RESOLVED);
      if (!resolution) return null;
      const days = rules.decisionWorkingDays + (candidate.decisionExtended ? rules.decisionExtensionWorkingDays : 0);
      return { kind: DeadlineKind.DECISION, dueOn: calendar.addWorkingDays(resolution.occurredOn, days) };
    }
    case CandidateStage.ADMITTED: {
      const decision = lastStepTo(events, CandidateStage.ADMITTED);
      return decision ? { kind: DeadlineKind.CEREMONY, dueOn: calendar.addWorkingDays(decision.occurredOn, rules.ceremonyWorkingDays) } : null;
    }
    case CandidateStage.PROBATIONARY:
      if (candidate.recognitionResolvedOn) {
        return { kind: DeadlineKind.RECOGNITION_DECISION, dueOn: calendar.addWorkingDays(candidate.recognitionResolvedOn, rules.recognitionCommitteeWorkingDays) };
      }
      return candidate.probationEndsOn
        ? { kind: DeadlineKind.RECOGNITION_RESOLUTION, dueOn: calendar.addWorkingDays(candidate.probationEndsOn, rules.recognitionCellWorkingDays) }
        : null;
    default:
      return null;
  }
}

export function deadlineView(kind: string, dueOn: string, today: string, calendar: WorkingCalendar): Deadline {
  return { kind: kind as DeadlineKind, dueOn, workingDaysLeft: calendar.workingDaysBetween(today, dueOn), overdue: dueOn < today };
}

const STEPS: Record<string, Omit<NextStep, 'organizationId'>> = {
  SOURCE: { action: NextAction.MARK_SYMPATHIZER, stage: CandidateStage.SYMPATHIZER, actor: NextActor.CELL, role: Role.CELL_SECRETARY, description: 'Cell resolution making the candidate a sympathizer, and a mentor', descriptionVi: 'Chi bộ ra nghị quyết công nhận cảm tình Đảng, phân công đảng viên giúp đỡ' },
  SYMPATHIZER: { action: NextAction.RECORD_AWARENESS_CLASS, stage: CandidateStage.TRAINED, actor: NextActor.CELL_OR_COMMITTEE, role: Role.CELL_SECRETARY, description: 'Attend the awareness class and record its certificate', descriptionVi: 'Học lớp bồi dưỡng nhận thức về Đảng, ghi giấy chứng nhận' },
  TRAINED: { action: NextAction.OPEN_DOSSIER, stage: CandidateStage.DOSSIER, actor: NextActor.CELL, role: Role.CELL_SECRETARY, description: 'Application, biography, background check and two introducers', descriptionVi: 'Đơn xin vào Đảng, lý lịch, thẩm tra lý lịch, hai người giới thiệu' },
  DOSSIER: { action: NextAction.CELL_RESOLUTION, stage: CandidateStage.CELL_RESOLVED, actor: NextActor.CELL, role: Role.CELL_SECRETARY, description: "The cell's vote: at least 2/3 of its official members in favour", descriptionVi: 'Chi bộ xét, biểu quyết: ít nhất 2/3 đảng viên chính thức tán thành' },
  CELL_RESOLVED_COMMITTEE: { action: NextAction.COMMITTEE_RESOLUTION, stage: CandidateStage.COMMITTEE_RESOLVED, actor: NextActor.GRASSROOTS_COMMITTEE, role: Role.COMMITTEE, description: "The grassroots committee's resolution", descriptionVi: 'Đảng ủy cơ sở ra nghị quyết đề nghị kết nạp' },
  DECISION: { action: NextAction.ADMISSION_DECISION, stage: CandidateStage.ADMITTED, actor: NextActor.DECIDING_COMMITTEE, role: Role.COMMITTEE, description: 'The admission decision of the committee with that authority', descriptionVi: 'Cấp ủy có thẩm quyền ra quyết định kết nạp' },
  ADMITTED: { action: NextAction.CEREMONY, stage: CandidateStage.PROBATIONARY, actor: NextActor.CELL, role: Role.CELL_SECRETARY, description: 'The admission ceremony; 12 months of probation start', descriptionVi: 'Tổ chức lễ kết nạp; bắt đầu 12 tháng dự bị' },
  PROBATIONARY: { action: NextAction.RECOGNITION_RESOLUTION, stage: CandidateStage.PROBATIONARY, actor: NextActor.CELL, role: Role.CELL_SECRETARY, description: "The cell's resolution on official recognition once the probation ends", descriptionVi: 'Chi bộ xét, đề nghị công nhận đảng viên chính thức khi hết thời gian dự bị' },
  RECOGNITION: { action: NextAction.RECOGNITION_DECISION, stage: CandidateStage.OFFICIAL, actor: NextActor.DECIDING_COMMITTEE, role: Role.COMMITTEE, description: "The committee's decision recognizing the official member", descriptionVi: 'Cấp ủy có thẩm quyền ra quyết định công nhận đảng viên chính thức' },
};

export type { PathPlaces } from '../../organization/authority';
import type { PathPlaces } from '../../organization/authority';

export function nextStepFor(candidate: Pick<Candidate, 'stage' | 'recognitionResolvedOn'>, places: PathPlaces): NextStep | null {
  const at = (key: string, organizationId: number | null): NextStep => ({ ...STEPS[key], organizationId });
  switch (candidate.stage) {
    case CandidateStage.SOURCE:
    case CandidateStage.SYMPATHIZER:
    case CandidateStage.TRAINED:
    case CandidateStage.DOSSIER:
    case CandidateStage.ADMITTED:
      return at(candidate.stage, places.cellId);
    case CandidateStage.CELL_RESOLVED:
      return places.needsCommitteeResolution ? at('CELL_RESOLVED_COMMITTEE', places.cellParentId) : at('DECISION', places.decidingOrganizationId);
    case CandidateStage.COMMITTEE_RESOLVED:
      return at('DECISION', places.decidingOrganizationId);
    case CandidateStage.PROBATIONARY:
      return candidate.recognitionResolvedOn ? at('RECOGNITION', places.decidingOrganizationId) : at('PROBATIONARY', places.cellId);
    default:
      return null;
  }
}

/** The rules the candidate fails today for the steps still ahead (age, education, certificate). */
export function failingRules(candidate: Candidate, today: string, rules: RulesConfig): RuleCheck[] {
  const beforeVote: CandidateStage[] = [CandidateStage.SOURCE, CandidateStage.SYMPATHIZER, CandidateStage.TRAINED, CandidateStage.DOSSIER];
  if (!beforeVote.includes(candidate.stage)) return [];
  const checks: (RuleCheck | null)[] = [...ageChecks(rules, candidate.dateOfBirth, today, false), educationCheck(candidate.educationLevel)];
  // The certificate must be valid when the dossier opens and still on the day the cell votes.
  if (candidate.stage === CandidateStage.TRAINED) checks.push(certificateCheck(rules, candidate.awarenessCertificateOn, today));
  if (candidate.stage === CandidateStage.DOSSIER) checks.push(certificateCheck(rules, candidate.awarenessCertificateOn, today, 'voteToday'));
  return checks.filter((check): check is RuleCheck => check !== null);
}
