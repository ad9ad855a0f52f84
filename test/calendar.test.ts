import { WorkingCalendar } from '../src/modules/calendar/working-days';
import { addDays, addMonths, fullMonthsBetween, isValidLocalDate, latestBirthDateEligibleOn, todayInVietnam } from '../src/common/dates';

/**
 * Pure unit tests of the working-day calendar and the date helpers the Charter's rules stand on.
 * No database: the calendar is built from a Set of holidays (the 2026 ones, as seeded by the
 * migration 1763856000000-CandidatePath) and, for the make-up days, a Set of working weekend days.
 */
const HOLIDAYS_2026 = [
  '2026-01-01', // Tết Dương lịch
  '2026-01-02', // day swapped
  // Tết Nguyên đán: Saturday 14 to Sunday 22 February (Mon 16 – Fri 20 are the working days lost)
  '2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22',
  '2026-04-26', // Giỗ Tổ Hùng Vương (a Sunday)
  '2026-04-27', // ... carried to Monday
  '2026-04-30', // Reunification
  '2026-05-01', // Labour Day
  '2026-09-01', '2026-09-02', // National Day
];

const calendar = new WorkingCalendar(new Set(HOLIDAYS_2026));
const noHolidays = new WorkingCalendar(new Set());

/** Every day from `from` to `to` inclusive. */
function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

describe('WorkingCalendar.isWorkingDay', () => {
  it('is Monday to Friday', () => {
    // 2026-11-16 is a Monday.
    expect(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'].map((d) => calendar.isWorkingDay(d))).toEqual([true, true, true, true, true]);
    expect(calendar.isWorkingDay('2026-11-21')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-11-22')).toBe(false); // Sunday
  });

  it('is not a public holiday, which is data', () => {
    expect(calendar.isWorkingDay('2026-02-16')).toBe(false); // Monday of Tết
    expect(calendar.isWorkingDay('2026-02-20')).toBe(false); // Friday of Tết
    expect(calendar.isWorkingDay('2026-02-23')).toBe(true); // first Monday back
    expect(calendar.isWorkingDay('2026-04-27')).toBe(false);
    expect(calendar.isWorkingDay('2026-04-30')).toBe(false);
    expect(calendar.isWorkingDay('2026-05-01')).toBe(false);
    // Without the holidays, the same days are ordinary weekdays.
    expect(noHolidays.isWorkingDay('2026-02-16')).toBe(true);
    expect(noHolidays.isWorkingDay('2026-04-30')).toBe(true);
  });

  it('counts 2026 as 365 days minus weekends minus the holidays that fall on weekdays', () => {
    const all = daysFrom('2026-01-01', '2026-12-31');
    const weekdays = all.filter((d) => noHolidays.isWorkingDay(d)).length;
    expect(weekdays).toBe(261);
    // Holidays on a weekday: 01-01, 01-02, 02-16..02-20 (5), 04-27, 04-30, 05-01, 09-01, 09-02 = 12.
    expect(all.filter((d) => calendar.isWorkingDay(d)).length).toBe(261 - 12);
  });
});

describe('WorkingCalendar.addWorkingDays', () => {
  it('does not count the day itself, and 0 days is the day itself', () => {
    expect(calendar.addWorkingDays('2026-11-17', 0)).toBe('2026-11-17');
    expect(calendar.addWorkingDays('2026-11-17', 1)).toBe('2026-11-18');
    expect(calendar.addWorkingDays('2026-11-16', 4)).toBe('2026-11-20');
  });

  it('jumps over a weekend', () => {
    expect(calendar.addWorkingDays('2026-11-20', 1)).toBe('2026-11-23'); // Friday → Monday
    expect(calendar.addWorkingDays('2026-11-19', 2)).toBe('2026-11-23'); // Thursday → Monday
    expect(calendar.addWorkingDays('2026-11-21', 1)).toBe('2026-11-23'); // from a Saturday
    expect(calendar.addWorkingDays('2026-11-22', 1)).toBe('2026-11-23'); // from a Sunday
    expect(calendar.addWorkingDays('2026-11-16', 5)).toBe('2026-11-23'); // one full week
    expect(calendar.addWorkingDays('2026-11-16', 10)).toBe('2026-11-30');
  });

  it('jumps over Tết', () => {
    // Friday 13 February is the last working day before Tết; Monday 23 the first after.
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
    expect(noHolidays.addWorkingDays('2026-02-13', 1)).toBe('2026-02-16');
    // From inside Tết, the next working day is the first day back.
    expect(calendar.addWorkingDays('2026-02-18', 1)).toBe('2026-02-23');
    // Feb 9..13 (5) + Feb 23..27 (5) = 10.
    expect(calendar.addWorkingDays('2026-02-06', 10)).toBe('2026-02-27');
  });

  it('gives the 60-working-day decision deadline from 2026-01-30 across Tết and the April/May holidays', () => {
    // Friday 2026-01-30 +60 working days:
    //   Feb  2– 6: 5 (5)   Feb  9–13: 5 (10)   Feb 16–20: Tết (10)   Feb 23–27: 5 (15)
    //   Mar  2–27: 20 (35) Mar 30–31: 2 (37)   Apr  1– 3: 3 (40)     Apr  6–24: 15 (55)
    //   Apr 27 holiday, Apr 28, 29: 2 (57), Apr 30 and May 1 holidays, May 4, 5, 6: 3 (60)
    expect(calendar.addWorkingDays('2026-01-30', 60)).toBe('2026-05-06');
    // Without the holidays it would be 60 weekdays: 2026-04-24.
    expect(noHolidays.addWorkingDays('2026-01-30', 60)).toBe('2026-04-24');
  });

  it('lands on a working day whenever count > 0', () => {
    for (const day of daysFrom('2026-01-01', '2026-03-31')) {
      for (const count of [1, 2, 7, 30]) expect(calendar.isWorkingDay(calendar.addWorkingDays(day, count))).toBe(true);
    }
  });
});

describe('WorkingCalendar.workingDaysBetween', () => {
  it('counts forward, from exclusive to inclusive', () => {
    expect(calendar.workingDaysBetween('2026-11-17', '2026-11-17')).toBe(0);
    expect(calendar.workingDaysBetween('2026-11-17', '2026-11-18')).toBe(1);
    expect(calendar.workingDaysBetween('2026-11-16', '2026-11-20')).toBe(4);
  });

  it('counts backward as a negative number (overdue)', () => {
    expect(calendar.workingDaysBetween('2026-11-18', '2026-11-17')).toBe(-1);
    expect(calendar.workingDaysBetween('2026-11-20', '2026-11-16')).toBe(-4);
    expect(calendar.workingDaysBetween('2026-11-23', '2026-11-20')).toBe(-1); // Monday back to Friday
  });

  it('skips a weekend', () => {
    expect(calendar.workingDaysBetween('2026-11-20', '2026-11-23')).toBe(1); // Friday → Monday
    expect(calendar.workingDaysBetween('2026-11-21', '2026-11-22')).toBe(0); // Saturday → Sunday
    expect(calendar.workingDaysBetween('2026-11-22', '2026-11-21') === 0).toBe(true); // Sunday → Saturday (-0 is fine)
    expect(calendar.workingDaysBetween('2026-11-20', '2026-11-22')).toBe(0); // Friday → Sunday
    expect(calendar.workingDaysBetween('2026-11-13', '2026-11-27')).toBe(10);
  });

  it('skips Tết, both ways', () => {
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-23')).toBe(1);
    expect(calendar.workingDaysBetween('2026-02-23', '2026-02-13')).toBe(-1);
    expect(noHolidays.workingDaysBetween('2026-02-13', '2026-02-23')).toBe(6);
    expect(calendar.workingDaysBetween('2026-01-30', '2026-05-06')).toBe(60);
    expect(calendar.workingDaysBetween('2026-05-06', '2026-01-30')).toBe(-60);
  });

  it('is the inverse of addWorkingDays and antisymmetric', () => {
    for (const day of daysFrom('2026-01-20', '2026-03-10')) {
      for (const count of [0, 1, 3, 10, 60]) {
        const later = calendar.addWorkingDays(day, count);
        expect(calendar.workingDaysBetween(day, later)).toBe(count);
        expect(calendar.workingDaysBetween(later, day)).toBe(count === 0 ? 0 : -count);
      }
    }
  });
});

describe('WorkingCalendar with working weekend days (ngày làm bù)', () => {
  // 2026: Friday 2 January given off (a holiday), made up on Saturday 10 January.
  const swapped = new WorkingCalendar(new Set(HOLIDAYS_2026), new Set(['2026-01-10']));

  it('makes the swapped Saturday a working day and leaves the other weekend days off', () => {
    expect(calendar.isWorkingDay('2026-01-10')).toBe(false);
    expect(swapped.isWorkingDay('2026-01-10')).toBe(true);
    expect(swapped.isWorkingDay('2026-01-11')).toBe(false); // the Sunday after
    expect(swapped.isWorkingDay('2026-01-17')).toBe(false); // the next Saturday
    expect(swapped.isWorkingDay('2026-01-02')).toBe(false); // the Friday given off
  });

  it('lets a holiday win over a working weekend day on the same date', () => {
    const both = new WorkingCalendar(new Set(['2026-01-10']), new Set(['2026-01-10']));
    expect(both.isWorkingDay('2026-01-10')).toBe(false);
  });

  it('counts it in a deadline across the swap', () => {
    // Friday 2026-01-09 + 1 working day is Saturday 10, not Monday 12.
    expect(calendar.addWorkingDays('2026-01-09', 1)).toBe('2026-01-12');
    expect(swapped.addWorkingDays('2026-01-09', 1)).toBe('2026-01-10');
    // Wednesday 2025-12-31 + 5: Jan 1, 2 holidays; Jan 5–9 (5) → Jan 9 either way; + 6 → Sat 10 with the swap.
    expect(swapped.addWorkingDays('2025-12-31', 5)).toBe('2026-01-09');
    expect(swapped.addWorkingDays('2025-12-31', 6)).toBe('2026-01-10');
    expect(calendar.addWorkingDays('2025-12-31', 6)).toBe('2026-01-12');
    // The 30-day ceremony deadline from the decision of Friday 2026-01-09, across the swap and Tết.
    expect(swapped.addWorkingDays('2026-01-09', 30)).toBe('2026-02-26');
    expect(calendar.addWorkingDays('2026-01-09', 30)).toBe('2026-02-27');
    // 2026 has one more working day with the swap.
    const all = daysFrom('2026-01-01', '2026-12-31');
    expect(all.filter((d) => swapped.isWorkingDay(d)).length).toBe(261 - 12 + 1);
  });

  it('counts it in the working days between two dates, both ways, as the inverse of addWorkingDays', () => {
    expect(swapped.workingDaysBetween('2026-01-09', '2026-01-12')).toBe(2);
    expect(calendar.workingDaysBetween('2026-01-09', '2026-01-12')).toBe(1);
    expect(swapped.workingDaysBetween('2026-01-12', '2026-01-09')).toBe(-2);
    for (const day of daysFrom('2025-12-20', '2026-01-20')) {
      for (const count of [0, 1, 5, 30]) {
        const later = swapped.addWorkingDays(day, count);
        expect(swapped.workingDaysBetween(day, later)).toBe(count);
        expect(swapped.isWorkingDay(later) || count === 0).toBe(true);
      }
    }
  });
});

describe('dates: fullMonthsBetween', () => {
  it('counts age in full months to the day', () => {
    expect(fullMonthsBetween('2006-05-10', '2024-05-09')).toBe(215);
    expect(fullMonthsBetween('2006-05-10', '2024-05-10')).toBe(216);
    expect(fullMonthsBetween('2008-05-10', '2026-01-01')).toBe(211); // the domain's example: not 18 on 1 January
    expect(fullMonthsBetween('2008-05-10', '2026-05-10')).toBe(216);
    expect(fullMonthsBetween('2024-05-10', '2024-05-10')).toBe(0);
  });

  it('treats the last day of a shorter month as the monthly anniversary (leap-day births)', () => {
    expect(fullMonthsBetween('2008-02-29', '2026-02-27')).toBe(215);
    expect(fullMonthsBetween('2008-02-29', '2026-02-28')).toBe(216);
    expect(fullMonthsBetween('2008-02-29', '2028-02-28')).toBe(239); // 2028 has a 29th
    expect(fullMonthsBetween('2008-02-29', '2028-02-29')).toBe(240);
    expect(fullMonthsBetween('2008-01-31', '2008-02-28')).toBe(0);
    expect(fullMonthsBetween('2008-01-31', '2008-02-29')).toBe(1);
    expect(fullMonthsBetween('2008-03-31', '2008-04-30')).toBe(1);
    expect(fullMonthsBetween('2008-03-31', '2008-04-29')).toBe(0);
  });

  it('agrees with addMonths: n months on the day, n - 1 the day before', () => {
    for (const born of daysFrom('2007-12-01', '2008-03-31')) {
      for (const months of [1, 11, 12, 216, 360, 720]) {
        const due = addMonths(born, months);
        expect([born, months, fullMonthsBetween(born, due)]).toEqual([born, months, months]);
        expect([born, months, fullMonthsBetween(born, addDays(due, -1))]).toEqual([born, months, months - 1]);
      }
    }
  });
});

describe('dates: addMonths', () => {
  it('adds whole months', () => {
    expect(addMonths('2024-05-10', 1)).toBe('2024-06-10');
    expect(addMonths('2024-12-15', 1)).toBe('2025-01-15');
    expect(addMonths('2025-01-15', -1)).toBe('2024-12-15');
    expect(addMonths('2006-05-10', 216)).toBe('2024-05-10');
    expect(addMonths('2024-06-20', 12)).toBe('2025-06-20');
    expect(addMonths('2024-06-20', 0)).toBe('2024-06-20');
  });

  it('falls on the last day of a shorter month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-08-31', 1)).toBe('2024-09-30');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2024-05-31', -1)).toBe('2024-04-30');
    expect(addMonths('2008-02-29', 216)).toBe('2026-02-28');
    expect(addMonths('2008-02-29', 240)).toBe('2028-02-29');
    expect(addMonths('2020-02-29', 60)).toBe('2025-02-28'); // a certificate of a leap day, valid 5 years
  });

  it('crosses years backwards', () => {
    expect(addMonths('2026-03-16', -12)).toBe('2025-03-16');
    expect(addMonths('2026-01-31', -2)).toBe('2025-11-30');
    expect(addMonths('2026-02-28', -216)).toBe('2008-02-28');
  });
});

describe('dates: latestBirthDateEligibleOn', () => {
  it('is the birth date that reaches the age exactly on the day', () => {
    expect(latestBirthDateEligibleOn(216, '2026-05-10')).toBe('2008-05-10');
    expect(latestBirthDateEligibleOn(216, '2024-05-10')).toBe('2006-05-10');
  });

  it('takes everyone born up to the end of the month on a month end', () => {
    expect(latestBirthDateEligibleOn(216, '2026-02-28')).toBe('2008-02-29'); // leap-day births are 18 on 28 Feb
    expect(latestBirthDateEligibleOn(216, '2027-02-28')).toBe('2009-02-28');
    expect(latestBirthDateEligibleOn(216, '2026-04-30')).toBe('2008-04-30');
    expect(latestBirthDateEligibleOn(12, '2025-02-28')).toBe('2024-02-29');
  });

  it('is the inverse of the age rule: born on it qualifies, born the day after does not', () => {
    for (const on of daysFrom('2026-01-25', '2026-03-05')) {
      for (const months of [216, 228, 360]) {
        const latest = latestBirthDateEligibleOn(months, on);
        expect([on, months, fullMonthsBetween(latest, on) >= months]).toEqual([on, months, true]);
        expect([on, months, fullMonthsBetween(addDays(latest, 1), on) >= months]).toEqual([on, months, false]);
      }
    }
  });
});

describe('dates: isValidLocalDate', () => {
  it('accepts real calendar dates in YYYY-MM-DD', () => {
    for (const date of ['2024-02-29', '2026-11-22', '1900-01-01', '2200-12-31', '2025-04-30']) expect([date, isValidLocalDate(date)]).toEqual([date, true]);
  });

  it('refuses impossible dates and other shapes', () => {
    for (const date of ['2023-02-29', '2024-02-30', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '2024-1-01', '24-01-01', '2024/01/01', '2024-02-29T00:00', ' 2024-02-29', 'abc', '', '1899-12-31', '2201-01-01']) {
      expect([date, isValidLocalDate(date)]).toEqual([date, false]);
    }
  });
});

describe('dates: addDays', () => {
  it('adds and subtracts days across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2026-01-30', 0)).toBe('2026-01-30');
    expect(addDays('2026-01-30', 365)).toBe('2027-01-30');
  });
});

describe('dates: todayInVietnam', () => {
  it('is the date in UTC+7', () => {
    expect(todayInVietnam(new Date('2026-11-21T16:59:59Z'))).toBe('2026-11-21');
    expect(todayInVietnam(new Date('2026-11-21T17:00:00Z'))).toBe('2026-11-22');
    expect(todayInVietnam(new Date('2026-11-22T00:36:00Z'))).toBe('2026-11-22');
  });
});
