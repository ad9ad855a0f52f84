import type { RulesConfig } from '../../config';
import { addMonths } from '../../common/dates';
import { CandidateStage, MemberStatus, type EducationLevel } from '../../domain/enums';
import { ageChecks, certificateCheck, educationCheck, Rule, viDate, type RuleCheck } from './path/rules';
import { ACTIVE_STAGES } from './path/path-state';

/**
 * Rules of the Party Charter that the path's steps check on the members involved (mentor,
 * introducers) and on the probation, as pure functions of the facts: the same answer for a step
 * recorded now through the API and for a history written at once (the demo data, whose every
 * candidate test/demo-rules.test.ts runs through them). The checks of one step alone (age,
 * education, certificate, vote) are in path/rules.ts.
 */

/** The probation ends `rules.probationMonths` (12) after the ceremony; official membership counts from that day. */
export function probationEndsOn(rules: RulesConfig, ceremonyOn: string): string {
  return addMonths(ceremonyOn, rules.probationMonths);
}

/** The steps that may follow `stage` (each step's expected stage, and the ways out of closeCandidate). */
export function stagesAfter(stage: CandidateStage, needsCommitteeResolution: boolean): CandidateStage[] {
  const S = CandidateStage;
  const out = (...ways: CandidateStage[]) => ways;
  switch (stage) {
    case S.SOURCE:
      return [S.SYMPATHIZER, ...out(S.DROPPED)];
    case S.SYMPATHIZER:
      return [S.TRAINED, ...out(S.DROPPED)];
    case S.TRAINED:
      return [S.DOSSIER, ...out(S.DROPPED)];
    case S.DOSSIER:
      return [S.CELL_RESOLVED, ...out(S.DROPPED, S.REJECTED)];
    case S.CELL_RESOLVED:
      return [needsCommitteeResolution ? S.COMMITTEE_RESOLVED : S.ADMITTED, ...out(S.DROPPED, S.REJECTED)];
    case S.COMMITTEE_RESOLVED:
      return needsCommitteeResolution ? [S.ADMITTED, ...out(S.DROPPED, S.REJECTED)] : [];
    case S.ADMITTED:
      return [S.PROBATIONARY, ...out(S.DROPPED)];
    case S.PROBATIONARY:
      return [S.OFFICIAL, ...out(S.PROBATION_NOT_RECOGNIZED)];
    default:
      return [];
  }
}

/** What the path needs to know of a member who helps or introduces a candidate. */
export interface MemberFacts {
  id: number;
  fullName: string;
  status: MemberStatus;
  admittedOn: string | null;
  officialOn: string | null;
  joinedCellOn: string | null;
  candidateId: number | null;
  nationalId: string | null;
}

function officialOn(member: Pick<MemberFacts, 'status' | 'officialOn'>, on: string): boolean {
  return member.status === MemberStatus.OFFICIAL && (member.officialOn === null || member.officialOn <= on);
}

/** The member assigned to help the candidate is an official member on the day of the assignment. */
export function mentorCheck(member: Pick<MemberFacts, 'fullName' | 'status' | 'officialOn'>, on: string): RuleCheck | null {
  if (officialOn(member, on)) return null;
  return {
    rule: Rule.MENTOR_OFFICIAL,
    message: `${member.fullName} is a probationary member; the mentor must be an official member`,
    messageVi: `${member.fullName} là đảng viên dự bị; người giúp đỡ phải là đảng viên chính thức`,
  };
}

export interface DossierFacts {
  /** The day the dossier is complete (the latest of its documents). */
  on: string;
  candidate: { id: number; dateOfBirth: string; youthUnionMember: boolean; nationalId: string | null };
  youthUnion: { resolutionDate: string } | null;
  introducers: MemberFacts[];
}

/**
 * Introducers (Điều lệ Đảng, Điều 4): two different official members of the cell, or the Youth
 * Union committee (for a Youth Union member of youth age) and one; each has been in the cell with
 * the candidate for `rules.introducerMinMonths` before the dossier and is official on its day.
 */
export function introducerChecks(rules: RulesConfig, dossier: DossierFacts): RuleCheck[] {
  const { candidate, introducers, youthUnion, on } = dossier;
  const checks: RuleCheck[] = [];
  const check = (rule: Rule, message: string, messageVi: string) => checks.push({ rule, message, messageVi });
  if (new Set(introducers.map((m) => m.id)).size !== introducers.length) {
    check(Rule.INTRODUCERS, 'The two introducers must be two different people', 'Hai người giới thiệu phải là hai đảng viên khác nhau');
  }
  if (introducers.length !== (youthUnion ? 1 : 2)) {
    check(
      Rule.INTRODUCERS,
      youthUnion ? 'With the Youth Union introducing, exactly one official member introduces too' : 'Two official members of the cell must introduce the candidate',
      youthUnion ? 'Khi Đoàn giới thiệu, cần thêm đúng một đảng viên chính thức giới thiệu' : 'Cần hai đảng viên chính thức trong chi bộ giới thiệu',
    );
  }
  if (youthUnion) {
    if (youthUnion.resolutionDate > on) {
      check(Rule.DATE_ORDER, `The Youth Union's resolution (${youthUnion.resolutionDate}) cannot be after the dossier (${on})`, `Nghị quyết giới thiệu của Đoàn (${viDate(youthUnion.resolutionDate)}) không thể sau ngày hoàn thiện hồ sơ (${viDate(on)})`);
    }
    if (!candidate.youthUnionMember || on > addMonths(candidate.dateOfBirth, rules.youthMaxAgeMonths)) {
      check(
        Rule.INTRODUCERS,
        `The Youth Union introduces only a Youth Union member of youth age (to ${rules.youthMaxAgeMonths / 12})`,
        `Chỉ đoàn viên trong độ tuổi thanh niên (đến ${rules.youthMaxAgeMonths / 12} tuổi) mới do Đoàn giới thiệu`,
      );
    }
  }
  const since = addMonths(on, -rules.introducerMinMonths);
  for (const member of introducers) {
    if (member.candidateId === candidate.id || (member.nationalId !== null && member.nationalId === candidate.nationalId)) {
      check(Rule.INTRODUCERS, 'The candidate cannot introduce themselves', 'Quần chúng không thể tự giới thiệu mình');
    }
    const together = member.joinedCellOn ?? member.admittedOn;
    if (!together || together > since) {
      check(
        Rule.INTRODUCERS,
        `${member.fullName} must have been in the cell with the candidate for ${rules.introducerMinMonths} months before the dossier (since ${since})`,
        `${member.fullName} phải cùng công tác với quần chúng ít nhất ${rules.introducerMinMonths} tháng (từ ngày ${viDate(since)})`,
      );
    }
    if (!officialOn(member, on)) {
      check(Rule.INTRODUCERS, `${member.fullName} was not an official member on ${on} and cannot introduce`, `${member.fullName} chưa là đảng viên chính thức vào ngày ${viDate(on)}, không được giới thiệu`);
    }
  }
  return checks;
}

/** The cell considers recognition once the probation is over; the committee decides after the cell. */
export function recognitionChecks(rules: RulesConfig, probation: { ceremonyOn: string; resolvedOn: string; decidedOn: string | null }): RuleCheck[] {
  const ends = probationEndsOn(rules, probation.ceremonyOn);
  const checks: RuleCheck[] = [];
  if (probation.resolvedOn < ends) {
    checks.push({
      rule: Rule.PROBATION_NOT_OVER,
      message: `The probation ends on ${ends}; the cell considers recognition from that day on`,
      messageVi: `Thời gian dự bị kết thúc ngày ${viDate(ends)}; chi bộ chỉ xét từ ngày đó`,
    });
  }
  if (probation.decidedOn !== null && probation.decidedOn < probation.resolvedOn) {
    checks.push({
      rule: Rule.DATE_ORDER,
      message: `The recognition decision (${probation.decidedOn}) cannot be before the cell's resolution (${probation.resolvedOn})`,
      messageVi: `Quyết định công nhận (${probation.decidedOn}) không thể trước nghị quyết của chi bộ (${probation.resolvedOn})`,
    });
  }
  return checks;
}

/** The stages of the path in their order (both committee steps listed; a history has one of them or both). */
const PATH: readonly CandidateStage[] = [...ACTIVE_STAGES, CandidateStage.OFFICIAL];

/**
 * A history recorded at once (an imported row): the person, the stages of the path they went
 * through, and the dates known. A stage may be known to be passed without its date (a roster
 * that gives the current stage only).
 */
export interface HistoryFacts {
  /** Null when unknown: the rules that read it are left out. */
  dateOfBirth: string | null;
  educationLevel: EducationLevel | null;
  /** The furthest stage of the path the candidate reached (a way out: the stage it left from). */
  reached: CandidateStage;
  /** The dates of the steps that the history gives. */
  on: Partial<Record<CandidateStage, string>>;
  /** The day the history ends (its last step, or the way out): on or after every step. */
  endsOn: string;
}

/** A broken rule, and what it is about: the person's birth date or education, or the step whose date breaks it. */
export interface HistoryBreach {
  check: RuleCheck;
  about: 'dateOfBirth' | 'educationLevel' | CandidateStage;
}

/**
 * The rules the steps of the path check (path/path.steps.ts), run over a whole history: the age
 * (18 to 60) and the education at the cell's vote, the certificate still valid at the dossier and
 * at the vote, 12 months of probation before recognition. A rule whose date the history does not
 * give is checked on a date that decides it when there is one: too young on a later step was too
 * young at the vote, too old on an earlier step was too old at it, and a probation cannot have
 * started before the step that precedes the ceremony. The facts no history carries (introducers,
 * the mentor, the votes, an age exception) are the path's own.
 */
export function historyChecks(rules: RulesConfig, history: HistoryFacts): HistoryBreach[] {
  const reached = PATH.indexOf(history.reached);
  const passed = (stage: CandidateStage) => PATH.indexOf(stage) <= reached;
  const dated = (stages: readonly CandidateStage[]) => stages.map((stage) => history.on[stage]).filter((on): on is string => on !== undefined);
  const before = (stage: CandidateStage) => dated(PATH.slice(0, PATH.indexOf(stage))).pop();
  const after = (stage: CandidateStage) => dated(PATH.slice(PATH.indexOf(stage) + 1))[0] ?? history.endsOn;
  const breaches: HistoryBreach[] = [];
  const add = (about: HistoryBreach['about'], ...checks: (RuleCheck | null)[]) => {
    for (const check of checks) if (check) breaches.push({ check, about });
  };
  const { dateOfBirth, educationLevel } = history;
  if (educationLevel && passed(CandidateStage.DOSSIER)) add('educationLevel', educationCheck(educationLevel));
  if (dateOfBirth && passed(CandidateStage.CELL_RESOLVED)) {
    const votedOn = history.on.CELL_RESOLVED;
    const rule = (on: string, name: Rule) => ageChecks(rules, dateOfBirth, on, false).find((check) => check.rule === name) ?? null;
    add('dateOfBirth', rule(votedOn ?? after(CandidateStage.CELL_RESOLVED), Rule.MIN_AGE));
    const oldestOn = votedOn ?? before(CandidateStage.CELL_RESOLVED);
    if (oldestOn) add('dateOfBirth', rule(oldestOn, Rule.MAX_AGE));
  }
  const certificateOn = history.on.TRAINED;
  if (certificateOn) {
    const dossierOn = history.on.DOSSIER;
    const votedOn = history.on.CELL_RESOLVED;
    const atDossier = dossierOn ? certificateCheck(rules, certificateOn, dossierOn) : null;
    if (atDossier) add(CandidateStage.DOSSIER, atDossier);
    else if (votedOn) add(CandidateStage.CELL_RESOLVED, certificateCheck(rules, certificateOn, votedOn, 'vote'));
  }
  const recognisedOn = history.on.OFFICIAL;
  const ceremonyOn = history.on.PROBATIONARY ?? before(CandidateStage.PROBATIONARY);
  if (recognisedOn && ceremonyOn) add(CandidateStage.OFFICIAL, ...recognitionChecks(rules, { ceremonyOn, resolvedOn: recognisedOn, decidedOn: null }));
  return breaches;
}

/** A step of a candidate's history as the path recorded it (a standing step, oldest first). */
export interface RecordedStep {
  toStage: CandidateStage;
  occurredOn: string;
  /** The step's facts as stored (JSON): the cell's vote keeps its age exception there. */
  facts: string | null;
}

/**
 * A person's own data changed after the cell's vote (a candidate at CELL_RESOLVED or later, or the
 * member its ceremony made): the new birth date and education still meet the rules the vote was
 * held to. historyChecks over the recorded steps: the age on the vote's day (a MAX_AGE the vote
 * recorded an exception for stands), the education; a history without the vote's date (an
 * imported one) on the date that decides the rule. Before the vote nothing is refused here:
 * failingRules tells what a vote would meet.
 */
export function afterVoteChecks(rules: RulesConfig, person: { dateOfBirth: string | null; educationLevel: EducationLevel | null }, steps: readonly RecordedStep[]): HistoryBreach[] {
  const on: Partial<Record<CandidateStage, string>> = {};
  let reached = -1;
  for (const step of steps) {
    const index = PATH.indexOf(step.toStage);
    if (index < 0) continue;
    on[step.toStage] = step.occurredOn;
    reached = Math.max(reached, index);
  }
  if (reached < PATH.indexOf(CandidateStage.CELL_RESOLVED)) return [];
  const vote = steps.filter((step) => step.toStage === CandidateStage.CELL_RESOLVED).pop();
  const facts = vote?.facts ? (JSON.parse(vote.facts) as { ageException?: unknown }) : {};
  const excepted = facts.ageException !== undefined && facts.ageException !== null;
  const breaches = historyChecks(rules, { ...person, reached: PATH[reached], on, endsOn: steps[steps.length - 1].occurredOn });
  return breaches.filter(({ check, about }) => (about === 'dateOfBirth' && !(excepted && check.rule === Rule.MAX_AGE)) || about === 'educationLevel');
}

/** What the Charter's rules read of a member's record. */
export interface RosterFacts {
  dateOfBirth: string | null;
  status: MemberStatus;
  admittedOn: string | null;
  officialOn: string | null;
}

/** A broken rule of a member's record, and the field it is about. */
export interface RosterBreach {
  check: RuleCheck;
  field: 'admittedOn' | 'officialOn' | 'status';
}

/** A check's words after what they are about ("Admitted on 2019-03-15: the candidate must be…"). */
function about(check: RuleCheck, prefix: string, prefixVi: string): RuleCheck {
  const lower = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
  return { rule: check.rule, message: `${prefix}: ${lower(check.message)}`, messageVi: `${prefixVi}: ${lower(check.messageVi)}` };
}

/**
 * A member with no path in ketnap (entered by hand or imported): the rules the path's steps
 * check, on the dates the roster gives. Admitted (ngày vào Đảng) at 18 to 60 full years counted
 * in months (ageChecks on the admission's day: a roster records no vote and no age exception);
 * official no earlier than the end of the 12 months of probation (recognitionChecks) on the
 * official date, or today for an OFFICIAL member without one. A rule whose date is unknown is
 * left out. A PROBATIONARY member whose probation has ended is not a breach: the cell has yet
 * to consider recognition (a backlog the roster records as it is).
 */
export function rosterChecks(rules: RulesConfig, member: RosterFacts, today: string): RosterBreach[] {
  const { dateOfBirth, admittedOn } = member;
  if (!admittedOn) return [];
  const breaches: RosterBreach[] = [];
  if (dateOfBirth) {
    for (const check of ageChecks(rules, dateOfBirth, admittedOn, false)) {
      breaches.push({ check: about(check, `Admitted on ${admittedOn}`, `Vào Đảng ngày ${viDate(admittedOn)}`), field: 'admittedOn' });
    }
  }
  const officialOn = member.officialOn ?? (member.status === MemberStatus.OFFICIAL ? today : null);
  if (officialOn) {
    const [prefix, prefixVi] = member.officialOn ? [`Official on ${officialOn}`, `Chính thức ngày ${viDate(officialOn)}`] : ['Official today', 'Chính thức hôm nay'];
    for (const check of recognitionChecks(rules, { ceremonyOn: admittedOn, resolvedOn: officialOn, decidedOn: null })) {
      breaches.push({ check: about(check, prefix, prefixVi), field: member.officialOn ? 'officialOn' : 'status' });
    }
  }
  return breaches;
}
