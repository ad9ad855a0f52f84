import { Field, ObjectType } from 'type-graphql';
import type { RulesConfig } from '../../../config';
import { AppError, ErrorCode } from '../../../errors/app-error';
import { addDays, addMonths, fullMonthsBetween } from '../../../common/dates';
import { EducationLevel } from '../../../domain/enums';

/**
 * The rules of the Party Charter a step must satisfy (Quy định 24-QĐ/TW, Hướng dẫn 12-HD/BTCTW;
 * the same shape in 294-QĐ/TW and 06-HD/TW). Numbers come from config.rules, never literals.
 * A rule that refuses a step raises RULE_VIOLATION with the rule's name and a message in
 * English and Vietnamese; nothing is written.
 */
export enum Rule {
  STEP_ORDER = 'STEP_ORDER',
  DATE_ORDER = 'DATE_ORDER',
  DATE_IN_FUTURE = 'DATE_IN_FUTURE',
  MIN_AGE = 'MIN_AGE',
  MAX_AGE = 'MAX_AGE',
  EDUCATION = 'EDUCATION',
  MENTOR_OFFICIAL = 'MENTOR_OFFICIAL',
  CERTIFICATE_REQUIRED = 'CERTIFICATE_REQUIRED',
  CERTIFICATE_EXPIRED = 'CERTIFICATE_EXPIRED',
  INTRODUCERS = 'INTRODUCERS',
  CELL_VOTE = 'CELL_VOTE',
  COMMITTEE_RESOLUTION_NOT_NEEDED = 'COMMITTEE_RESOLUTION_NOT_NEEDED',
  EXTENSION_ONCE = 'EXTENSION_ONCE',
  PROBATION_NOT_OVER = 'PROBATION_NOT_OVER',
  CORRECTION = 'CORRECTION',
}

@ObjectType({ description: 'A rule of the Party Charter and why it is not met' })
export class RuleCheck {
  @Field()
  rule!: string;

  @Field()
  message!: string;

  @Field({ description: 'The same message in Vietnamese' })
  messageVi!: string;
}

export class RuleViolation extends AppError {
  constructor(readonly check: RuleCheck) {
    super(ErrorCode.RULE_VIOLATION, check.message, { rule: check.rule, messageVi: check.messageVi });
  }
}

export function violation(rule: Rule, message: string, messageVi: string): RuleViolation {
  return new RuleViolation({ rule, message, messageVi });
}

const EDUCATION_ORDER: EducationLevel[] = [
  EducationLevel.PRIMARY,
  EducationLevel.LOWER_SECONDARY,
  EducationLevel.UPPER_SECONDARY,
  EducationLevel.VOCATIONAL,
  EducationLevel.COLLEGE,
  EducationLevel.UNIVERSITY,
  EducationLevel.POSTGRADUATE,
];

/** A date as Vietnamese documents write it (10/05/2024), for the Vietnamese messages. */
export function viDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

/** The day a person born on `dateOfBirth` reaches the minimum age (18 full years, counted in months). */
export function eligibleFrom(rules: RulesConfig, dateOfBirth: string): string {
  return addMonths(dateOfBirth, rules.minAgeMonths);
}

/**
 * The last day of the age limit: "đủ 60 tuổi, tính theo tháng" holds while the age in full
 * months is at most 720, that is up to the day before the person is 60 years and 1 month old
 * (born 1964-05-10: to 2024-06-09). From the next day the vote needs a recorded exception.
 */
export function eligibleUntil(rules: RulesConfig, dateOfBirth: string): string {
  return addDays(addMonths(dateOfBirth, rules.maxAgeMonths + 1), -1);
}

/** The last day before an exception is needed (the same as eligibleUntil, kept for its callers). */
export function maxAgeDay(rules: RulesConfig, dateOfBirth: string): string {
  return eligibleUntil(rules, dateOfBirth);
}

/** Age rules on the day of the cell's vote: both ends in full months. */
export function ageChecks(rules: RulesConfig, dateOfBirth: string, on: string, hasAgeException: boolean): RuleCheck[] {
  const checks: RuleCheck[] = [];
  const months = fullMonthsBetween(dateOfBirth, on);
  if (months < rules.minAgeMonths) {
    const from = eligibleFrom(rules, dateOfBirth);
    checks.push({
      rule: Rule.MIN_AGE,
      message: `The candidate must be at least ${rules.minAgeMonths / 12} full years old on the day of the cell's vote; eligible from ${from}`,
      messageVi: `Quần chúng phải đủ ${rules.minAgeMonths / 12} tuổi (tính theo tháng) vào ngày chi bộ xét; đủ tuổi từ ngày ${viDate(from)}`,
    });
  }
  if (months > rules.maxAgeMonths && !hasAgeException) {
    const until = eligibleUntil(rules, dateOfBirth);
    checks.push({
      rule: Rule.MAX_AGE,
      message: `The candidate is over ${rules.maxAgeMonths / 12} (counted in full months, the limit held until ${until}); admission needs an approved exception recorded with the vote`,
      messageVi: `Quần chúng đã quá ${rules.maxAgeMonths / 12} tuổi (tính theo tháng, trong độ tuổi đến hết ngày ${viDate(until)}); cần có ý kiến đồng ý của cấp có thẩm quyền`,
    });
  }
  return checks;
}

export function educationCheck(level: EducationLevel): RuleCheck | null {
  if (EDUCATION_ORDER.indexOf(level) >= EDUCATION_ORDER.indexOf(EducationLevel.LOWER_SECONDARY)) return null;
  return {
    rule: Rule.EDUCATION,
    message: 'The candidate needs a lower-secondary diploma or higher',
    messageVi: 'Quần chúng phải có bằng tốt nghiệp trung học cơ sở trở lên',
  };
}

/** The last day an awareness-class certificate is valid: 60 months from its date, that day included. */
export function certificateValidUntil(rules: RulesConfig, certificateOn: string): string {
  return addMonths(certificateOn, rules.awarenessCertificateValidYears * 12);
}

/**
 * The certificate must exist and still be valid on the day that counts: when the dossier is
 * completed, and again on the day the cell meets to consider admission (Hướng dẫn 12-HD/BTCTW:
 * valid 60 months from its date to the cell's meeting). `moment` only words the message.
 */
const VOTE_WORDS: Record<CertificateMoment, (on: string) => string> = {
  dossier: () => '',
  vote: (on) => `, before the cell's vote on ${on}`,
  voteToday: (on) => `, so a vote of the cell today (${on}) would be refused`,
};
const VOTE_WORDS_VI: Record<CertificateMoment, (on: string) => string> = {
  dossier: () => '',
  vote: (on) => `, trước ngày chi bộ họp xét kết nạp (${viDate(on)})`,
  voteToday: (on) => `, nên nếu chi bộ họp xét kết nạp hôm nay (${viDate(on)}) thì không được`,
};

/**
 * When the certificate is checked: opening the dossier, the cell's vote, or a vote held today
 * (what `failingRules` tells a candidate at the dossier, before any vote).
 */
export type CertificateMoment = 'dossier' | 'vote' | 'voteToday';

export function certificateCheck(rules: RulesConfig, certificateOn: string | null, on: string, moment: CertificateMoment = 'dossier'): RuleCheck | null {
  const beforeVote = moment !== 'dossier';
  if (!certificateOn) {
    return {
      rule: Rule.CERTIFICATE_REQUIRED,
      message: beforeVote ? "The awareness-class certificate must be recorded before the cell's vote" : 'The awareness-class certificate must be recorded before the dossier',
      messageVi: beforeVote
        ? 'Phải có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng trước khi chi bộ xét kết nạp'
        : 'Phải có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng trước khi làm hồ sơ',
    };
  }
  const validUntil = certificateValidUntil(rules, certificateOn);
  if (on > validUntil) {
    return {
      rule: Rule.CERTIFICATE_EXPIRED,
      message: `The awareness-class certificate of ${certificateOn} was valid until ${validUntil}${VOTE_WORDS[moment](on)}; the candidate must attend the class again`,
      messageVi: `Giấy chứng nhận lớp bồi dưỡng ngày ${viDate(certificateOn)} chỉ có giá trị đến ngày ${viDate(validUntil)}${VOTE_WORDS_VI[moment](on)}; quần chúng phải học lại`,
    };
  }
  return null;
}

/** At least 2/3 of the cell's official members agree; present and votes must add up. */
export function cellVoteCheck(rules: RulesConfig, vote: { officialMembers: number; present: number; votesFor: number; votesAgainst: number }): RuleCheck | null {
  const { officialMembers, present, votesFor, votesAgainst } = vote;
  if (present > officialMembers) {
    return { rule: Rule.CELL_VOTE, message: `Present (${present}) cannot exceed the cell's official members (${officialMembers})`, messageVi: `Số có mặt (${present}) không thể vượt số đảng viên chính thức (${officialMembers})` };
  }
  if (votesFor + votesAgainst > present) {
    return { rule: Rule.CELL_VOTE, message: `For (${votesFor}) and against (${votesAgainst}) cannot exceed those present (${present})`, messageVi: `Số tán thành (${votesFor}) và không tán thành (${votesAgainst}) không thể vượt số có mặt (${present})` };
  }
  const needed = Math.ceil((officialMembers * rules.cellVoteNumerator) / rules.cellVoteDenominator);
  if (votesFor < needed) {
    return {
      rule: Rule.CELL_VOTE,
      message: `The vote needs at least ${rules.cellVoteNumerator}/${rules.cellVoteDenominator} of the cell's ${officialMembers} official members in favour (${needed}); ${votesFor} agreed`,
      messageVi: `Cần ít nhất ${rules.cellVoteNumerator}/${rules.cellVoteDenominator} tổng số đảng viên chính thức (${needed}/${officialMembers}) tán thành; chỉ có ${votesFor}`,
    };
  }
  return null;
}

export function throwFirst(checks: (RuleCheck | null)[]): void {
  const failed = checks.find((check): check is RuleCheck => check !== null);
  if (failed) throw new RuleViolation(failed);
}
