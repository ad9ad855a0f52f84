import { formatDate, formatDateTime, formatNumber, formatPercent, parseDate, schoolYearLabel, schoolYearOf, todayInVietnam, workingDaysText } from '../web/src/format';
import { CATEGORY_LABELS, EDUCATION_LABELS, ROLE_LABELS, SCHOOL_LEVEL_LABELS, STAGE_LABELS, STAGE_SHORT_LABELS, STALL_REASON_LABELS, labelOf } from '../web/src/labels';
import { STAGE_LABELS as API_STAGE_LABELS, CandidateStage, EducationLevel, PersonCategory, Role, SchoolLevel, StallReason } from '../src/domain/enums';

/** The web client's Vietnamese formats and labels (web/src/format.ts, web/src/labels.ts). */
describe('web client: Vietnamese formats', () => {
  it('dates are dd/mm/yyyy', () => {
    expect(formatDate('2026-05-10')).toBe('10/05/2026');
    expect(formatDate('2022-04-13')).toBe('13/04/2022');
    expect(formatDate(null)).toBe('');
    expect(formatDate('')).toBe('');
  });

  it('instants read as the clock in Vietnam (UTC+7), also across midnight', () => {
    expect(formatDateTime('2026-12-05T07:03:00.000Z')).toBe('05/12/2026 14:03');
    expect(formatDateTime('2026-12-31T17:30:00Z')).toBe('01/01/2027 00:30');
    expect(todayInVietnam(new Date('2026-12-31T17:30:00Z'))).toBe('2027-01-01');
    expect(todayInVietnam(new Date('2026-12-31T16:59:59Z'))).toBe('2026-12-31');
  });

  it('typed dates dd/mm/yyyy parse to ISO; impossible dates do not', () => {
    expect(parseDate('10/05/2026')).toBe('2026-05-10');
    expect(parseDate(' 1/9/2025 ')).toBe('2025-09-01');
    expect(parseDate('29/02/2024')).toBe('2024-02-29');
    expect(parseDate('29/02/2026')).toBeNull();
    expect(parseDate('31/04/2026')).toBeNull();
    expect(parseDate('2026-05-10')).toBeNull();
    expect(parseDate('10.05.2026')).toBeNull();
    expect(parseDate('')).toBeNull();
  });

  it('numbers use . between thousands and , before decimals', () => {
    expect(formatNumber(1347)).toBe('1.347');
    expect(formatNumber(138090)).toBe('138.090');
    expect(formatNumber(1234567.5)).toBe('1.234.567,5');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(null)).toBe('–');
  });

  it('percentages as the articles write them: 70,16%, 74,6%', () => {
    expect(formatPercent(0.7016)).toBe('70,16%');
    expect(formatPercent(0.746)).toBe('74,6%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.123456)).toBe('12,35%');
    expect(formatPercent(null)).toBe('–');
  });

  it('school years run from September to August', () => {
    expect(schoolYearOf('2026-09-01')).toBe(2026);
    expect(schoolYearOf('2026-08-31')).toBe(2025);
    expect(schoolYearOf('2027-01-15')).toBe(2026);
    expect(schoolYearLabel(2021)).toBe('năm học 2021-2022');
  });

  it('working days left, in words', () => {
    expect(workingDaysText(3)).toBe('còn 3 ngày làm việc');
    expect(workingDaysText(0)).toBe('đến hạn hôm nay');
    expect(workingDaysText(-2)).toBe('quá hạn 2 ngày làm việc');
  });
});

describe('web client: labels', () => {
  it('stage names are the API’s own (Candidate.stageLabel), for every stage', () => {
    expect(STAGE_LABELS).toEqual(API_STAGE_LABELS);
    expect(Object.keys(STAGE_SHORT_LABELS).sort()).toEqual(Object.values(CandidateStage).sort());
  });

  it('every value of the enumerations has a Vietnamese label', () => {
    expect(Object.keys(CATEGORY_LABELS).sort()).toEqual(Object.values(PersonCategory).sort());
    expect(Object.keys(EDUCATION_LABELS).sort()).toEqual(Object.values(EducationLevel).sort());
    expect(Object.keys(ROLE_LABELS).sort()).toEqual(Object.values(Role).sort());
    expect(Object.keys(SCHOOL_LEVEL_LABELS).sort()).toEqual(Object.values(SchoolLevel).sort());
    expect(Object.keys(STALL_REASON_LABELS).sort()).toEqual(Object.values(StallReason).sort());
  });

  it('an unknown code shows as itself rather than nothing', () => {
    expect(labelOf(STAGE_LABELS, 'SYMPATHIZER')).toBe('Cảm tình Đảng');
    expect(labelOf(STAGE_LABELS, 'A_NEW_STAGE')).toBe('A_NEW_STAGE');
    expect(labelOf(STAGE_LABELS, null)).toBe('');
  });
});
