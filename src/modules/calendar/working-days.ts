import type { DataSource, EntityManager } from 'typeorm';
import { PublicHoliday } from './holiday.entity';
import { WorkingWeekendDay } from './working-weekend-day.entity';
import { parts, formatDate } from '../../common/dates';
import { onCommit } from '../../db/commit-listeners';

/**
 * Working days: Monday to Friday, minus the public holidays, plus the weekend days made
 * working days (ngày làm bù), both stored in the database. Party deadlines (60 working days for
 * the decision, 30 for the ceremony...) count these.
 */
export class WorkingCalendar {
  constructor(
    private readonly holidays: ReadonlySet<string>,
    private readonly workingWeekendDays: ReadonlySet<string> = new Set(),
  ) {}

  static async load(em: EntityManager): Promise<WorkingCalendar> {
    const holidays = await em.getRepository(PublicHoliday).find({ select: { holidayOn: true } });
    const workingWeekendDays = await em.getRepository(WorkingWeekendDay).find({ select: { workOn: true } });
    return new WorkingCalendar(new Set(holidays.map((row) => row.holidayOn)), new Set(workingWeekendDays.map((row) => row.workOn)));
  }

  /** A weekday that is not a holiday, or a weekend day made a working day (a holiday wins over both). */
  isWorkingDay(date: string): boolean {
    if (this.holidays.has(date)) return false;
    const weekday = toUtc(date).getUTCDay();
    return (weekday !== 0 && weekday !== 6) || this.workingWeekendDays.has(date);
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

/**
 * The calendar as this instance read it last, for a minute: deadlines on every page would
 * otherwise read the holidays and make-up days each time. They change only by a system
 * administrator's write, which clears it on this instance; other instances catch up within the
 * minute, for what they display (workingDaysLeft). What is stored never comes from it: a step
 * reads the calendar afresh in its transaction, and a change of the calendar recomputes every
 * open deadline with the table read afresh.
 */
const CALENDAR_CACHE_MS = 60_000;
const calendars = new WeakMap<DataSource, { until: number; calendar: Promise<WorkingCalendar> }>();

export function cachedCalendar(em: EntityManager): Promise<WorkingCalendar> {
  const hit = calendars.get(em.connection);
  if (hit && hit.until > Date.now()) return hit.calendar;
  const calendar = WorkingCalendar.load(em);
  calendars.set(em.connection, { until: Date.now() + CALENDAR_CACHE_MS, calendar });
  calendar.catch(() => calendars.delete(em.connection));
  return calendar;
}

onCommit((dataSource, tenantId) => {
  if (tenantId === null) calendars.delete(dataSource);
});
