/**
 * The working calendar is data: administrators keep its public holidays and its make-up
 * working weekend days (ngày làm bù) in line with each year's announcement. Both kinds of day are
 * written the same way: every change is audited and recomputes every open deadline in the same
 * transaction, and a day is of one kind at most.
 */
import { Between, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { PublicHoliday } from './holiday.entity';
import { WorkingWeekendDay } from './working-weekend-day.entity';
import type { RequestContext } from '../../graphql/context';
import { inTransaction } from '../../db/transaction';
import { badInput, forbidden } from '../../errors/app-error';
import { normalizeText } from '../../common/text';
import { parts } from '../../common/dates';
import { refreshDeadlines } from '../candidate/path/path.service';
import { recordAudit } from '../audit/audit.service';

interface CalendarDay {
  id: number;
  name: string;
}

/** A kind of day of the calendar: its table, the column of its date, its audit actions and what it is called. */
interface DayKind<T extends CalendarDay> {
  entity: new () => T;
  column: keyof T & string;
  subjectType: string;
  /** The audit actions are `<action>.set` and `<action>.remove`. */
  action: string;
  called: string;
  /** Refuses a date that cannot be of this kind. */
  accepts?(date: string): void;
}

export const PUBLIC_HOLIDAY: DayKind<PublicHoliday> = { entity: PublicHoliday, column: 'holidayOn', subjectType: 'PublicHoliday', action: 'holiday', called: 'a public holiday' };

export const WORKING_WEEKEND_DAY: DayKind<WorkingWeekendDay> = {
  entity: WorkingWeekendDay,
  column: 'workOn',
  subjectType: 'WorkingWeekendDay',
  action: 'workingWeekendDay',
  called: 'a working weekend day',
  accepts(date) {
    if (!isWeekend(date)) throw badInput(`${date} is a weekday, already a working day; only a Saturday or a Sunday can be made one`, [{ field: 'date', message: 'not a Saturday or Sunday' }]);
  },
};

const onDate = <T extends CalendarDay>(kind: DayKind<T>, date: string) => ({ [kind.column]: date }) as FindOptionsWhere<T>;

/** The days of a kind in a year, in order. */
export function daysOfYear<T extends CalendarDay>(ctx: RequestContext, kind: DayKind<T>, year: number): Promise<T[]> {
  if (year < FIRST_YEAR || year > LAST_YEAR) throw badInput(`year must be from ${FIRST_YEAR} to ${LAST_YEAR}`, [{ field: 'year', message: 'out of range' }]);
  const where = { [kind.column]: Between(`${year}-01-01`, `${year}-12-31`) } as FindOptionsWhere<T>;
  return ctx.dataSource.getRepository(kind.entity).find({ where, order: { [kind.column]: 'ASC' } as never });
}

/** Adds a day of `kind`, or renames it; a day of `other` kind on that date is to be removed first. Administrators. */
export function setDay<T extends CalendarDay, O extends CalendarDay>(ctx: RequestContext, kind: DayKind<T>, other: DayKind<O>, date: string, name: string): Promise<T> {
  assertAdmin(ctx);
  const clean = calendarName(name);
  calendarYear(date);
  kind.accepts?.(date);
  return inTransaction(ctx, async (em) => {
    if (await em.existsBy(other.entity, onDate(other, date))) {
      throw badInput(`${date} is ${other.called}; remove it first`, [{ field: 'date', message: other.called }]);
    }
    const existing = await em.findOneBy(kind.entity, onDate(kind, date));
    const saved = await em.save(kind.entity, existing ? Object.assign(existing, { name: clean }) : em.create(kind.entity, { ...onDate(kind, date), name: clean } as never));
    await refreshDeadlines(em, ctx.config.rules);
    await recordAudit(em, ctx, { action: `${kind.action}.set`, subjectType: kind.subjectType, subjectId: saved.id, tenantId: null, changes: { date, name: clean } });
    return saved;
  });
}

/** Removes a public holiday; false if there was none. Administrators. */
export function removePublicHoliday(ctx: RequestContext, date: string): Promise<boolean> {
  assertAdmin(ctx);
  return inTransaction(ctx, async (em) => {
    const result = await em.delete(PublicHoliday, { holidayOn: date });
    if (!result.affected) return false;
    await refreshDeadlines(em, ctx.config.rules);
    await recordAudit(em, ctx, { action: 'holiday.remove', subjectType: 'PublicHoliday', subjectId: null, tenantId: null, changes: { date } });
    return true;
  });
}

/** Makes a working weekend day a day off again; false if it was not one. Administrators. */
export function removeWorkingWeekendDay(ctx: RequestContext, date: string): Promise<boolean> {
  assertAdmin(ctx);
  return inTransaction(ctx, async (em: EntityManager) => {
    const existing = await em.findOneBy(WorkingWeekendDay, { workOn: date });
    if (!existing) return false;
    await em.delete(WorkingWeekendDay, { id: existing.id });
    await refreshDeadlines(em, ctx.config.rules);
    await recordAudit(em, ctx, { action: 'workingWeekendDay.remove', subjectType: 'WorkingWeekendDay', subjectId: existing.id, tenantId: null, changes: { date, name: existing.name } });
    return true;
  });
}

function assertAdmin(ctx: RequestContext): void {
  if (!ctx.ability.can('manage', 'PublicHoliday')) throw forbidden('Only system administrators change the working calendar');
}

/** The years the calendar holds: a day outside them could be written but never listed. */
const FIRST_YEAR = 1990;
const LAST_YEAR = 2100;

function calendarName(name: string): string {
  const clean = normalizeText(name);
  if (clean.length < 2 || clean.length > 255) throw badInput('name must be 2 to 255 characters', [{ field: 'name', message: 'length' }]);
  return clean;
}

function isWeekend(date: string): boolean {
  const [y, m, d] = parts(date);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** A day written to the calendar lies in the years it can be read back from. */
function calendarYear(date: string): void {
  const year = Number(date.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) throw badInput(`${date} is outside the calendar's years (${FIRST_YEAR} to ${LAST_YEAR})`, [{ field: 'date', message: 'out of range' }]);
}
