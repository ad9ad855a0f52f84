import type { EntityManager } from 'typeorm';
import { PublicHoliday } from './holiday.entity';
import { parts, formatDate } from '../../common/dates';

/**
 * Working days: Monday to Friday, minus the public holidays stored in the database.
 * Party deadlines (60 working days for the decision, 30 for the ceremony...) count these.
 */
export class WorkingCalendar {
  constructor(private readonly holidays: ReadonlySet<string>) {}

  static async load(em: EntityManager): Promise<WorkingCalendar> {
    const rows = await em.getRepository(PublicHoliday).find({ select: { holidayOn: true } });
    return new WorkingCalendar(new Set(rows.map((row) => row.holidayOn)));
  }

  isWorkingDay(date: string): boolean {
    const weekday = toUtc(date).getUTCDay();
    return weekday !== 0 && weekday !== 6 && !this.holidays.has(date);
  }

  /** The day that is `count` working days after `date` (the day itself does not count). */
  addWorkingDays(date: string, count: number): string {
    let current = date;
    let left = count;
    while (left > 0) {
      current = nextDay(current, 1);
      if (this.isWorkingDay(current)) left -= 1;
    }
    return current;
  }

  /** Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier. */
  workingDaysBetween(from: string, to: string): number {
    if (from === to) return 0;
    const forward = from < to;
    let current = from;
    let count = 0;
    while (current !== to) {
      current = nextDay(current, forward ? 1 : -1);
      const counted = forward ? current : nextDay(current, 1);
      if (this.isWorkingDay(counted)) count += 1;
    }
    return forward ? count : -count;
  }
}

function toUtc(date: string): Date {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d));
}

function nextDay(date: string, step: number): string {
  const next = toUtc(date);
  next.setUTCDate(next.getUTCDate() + step);
  return formatDate(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}
