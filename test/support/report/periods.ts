/**
 * The periods the reporting tests check every figure for, and the tests' today (in Vietnam).
 */

export const TODAY = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);

export interface PeriodCase {
  name: string;
  input: Record<string, unknown>;
  from: string;
  to: string;
  label: string;
  headcountSchoolYear: number;
  targetYear: number;
}

/** The three periods every figure is checked for. */
export const PERIODS: PeriodCase[] = [
  { name: 'the calendar year 2025', input: { year: 2025 }, from: '2025-01-01', to: '2025-12-31', label: '2025', headcountSchoolYear: 2025, targetYear: 2025 },
  { name: 'the school year 2023-2024', input: { schoolYear: 2023 }, from: '2023-09-01', to: '2024-08-31', label: 'năm học 2023-2024', headcountSchoolYear: 2023, targetYear: 2024 },
  {
    name: 'the range 2021-07-01 – 2023-03-31',
    input: { from: '2021-07-01', to: '2023-03-31' },
    from: '2021-07-01',
    to: '2023-03-31',
    label: '2021-07-01 – 2023-03-31',
    headcountSchoolYear: 2022,
    targetYear: 2023,
  },
  // Starts after the first day of its targets' year: the year's steps reach back before the period.
  {
    name: 'the range 2025-03-01 – 2025-10-31',
    input: { from: '2025-03-01', to: '2025-10-31' },
    from: '2025-03-01',
    to: '2025-10-31',
    label: '2025-03-01 – 2025-10-31',
    headcountSchoolYear: 2025,
    targetYear: 2025,
  },
];
