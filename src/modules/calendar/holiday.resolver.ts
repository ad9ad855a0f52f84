import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Between, type EntityManager } from 'typeorm';
import { PublicHoliday } from './holiday.entity';
import { WorkingWeekendDay } from './working-weekend-day.entity';
import type { RequestContext } from '../../graphql/context';
import { LocalDateScalar } from '../../graphql/scalars';
import { inTransaction } from '../../db/transaction';
import { badInput, forbidden } from '../../errors/app-error';
import { normalizeText } from '../../common/text';
import { parts } from '../../common/dates';
import { refreshDeadlines } from '../candidate/path/path.service';
import { recordAudit } from '../audit/audit.service';

/**
 * The working calendar is data: administrators keep its public holidays and its make-up
 * working weekend days (ngày làm bù) in line with each year's announcement. Every change is
 * audited and recomputes every open deadline in the same transaction.
 */
@Resolver(() => PublicHoliday)
export class PublicHolidayResolver {
  @Authorized()
  @Query(() => [PublicHoliday], { description: 'The public holidays of a year (deadlines skip them)' })
  publicHolidays(@Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext): Promise<PublicHoliday[]> {
    return ctx.dataSource.getRepository(PublicHoliday).find({ where: { holidayOn: yearRange(year) }, order: { holidayOn: 'ASC' } });
  }

  @Authorized()
  @Mutation(() => PublicHoliday, { description: 'Adds or renames a public holiday; every open deadline is recomputed. Administrators.' })
  setPublicHoliday(@Arg('date', () => LocalDateScalar) date: string, @Arg('name') name: string, @Ctx() ctx: RequestContext): Promise<PublicHoliday> {
    this.assertAdmin(ctx);
    const clean = calendarName(name);
    calendarYear(date);
    return inTransaction(ctx, async (em) => {
      if (await em.existsBy(WorkingWeekendDay, { workOn: date })) {
        throw badInput(`${date} is a working weekend day; remove it first`, [{ field: 'date', message: 'a working weekend day' }]);
      }
      const existing = await em.findOneBy(PublicHoliday, { holidayOn: date });
      const saved = await em.save(existing ? Object.assign(existing, { name: clean }) : em.create(PublicHoliday, { holidayOn: date, name: clean }));
      await refreshDeadlines(em, ctx.config.rules);
      await recordAudit(em, ctx, { action: 'holiday.set', subjectType: 'PublicHoliday', subjectId: saved.id, tenantId: null, changes: { date, name: clean } });
      return saved;
    });
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Removes a public holiday; every open deadline is recomputed. Administrators.' })
  removePublicHoliday(@Arg('date', () => LocalDateScalar) date: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    this.assertAdmin(ctx);
    return inTransaction(ctx, async (em) => {
      const result = await em.delete(PublicHoliday, { holidayOn: date });
      if (!result.affected) return false;
      await refreshDeadlines(em, ctx.config.rules);
      await recordAudit(em, ctx, { action: 'holiday.remove', subjectType: 'PublicHoliday', subjectId: null, tenantId: null, changes: { date } });
      return true;
    });
  }

  @Authorized()
  @Query(() => [WorkingWeekendDay], { description: 'The weekend days of a year that are working days (ngày làm bù; deadlines count them)' })
  workingWeekendDays(@Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext): Promise<WorkingWeekendDay[]> {
    return ctx.dataSource.getRepository(WorkingWeekendDay).find({ where: { workOn: yearRange(year) }, order: { workOn: 'ASC' } });
  }

  @Authorized()
  @Mutation(() => WorkingWeekendDay, {
    description: 'Makes a Saturday or Sunday a working day (ngày làm bù), or renames one; every open deadline is recomputed. Not a public holiday. Administrators.',
  })
  setWorkingWeekendDay(@Arg('date', () => LocalDateScalar) date: string, @Arg('name') name: string, @Ctx() ctx: RequestContext): Promise<WorkingWeekendDay> {
    this.assertAdmin(ctx);
    const clean = calendarName(name);
    calendarYear(date);
    if (!isWeekend(date)) throw badInput(`${date} is a weekday, already a working day; only a Saturday or a Sunday can be made one`, [{ field: 'date', message: 'not a Saturday or Sunday' }]);
    return inTransaction(ctx, async (em) => {
      if (await em.existsBy(PublicHoliday, { holidayOn: date })) {
        throw badInput(`${date} is a public holiday; remove it first`, [{ field: 'date', message: 'a public holiday' }]);
      }
      const existing = await em.findOneBy(WorkingWeekendDay, { workOn: date });
      const saved = await em.save(existing ? Object.assign(existing, { name: clean }) : em.create(WorkingWeekendDay, { workOn: date, name: clean }));
      await refreshDeadlines(em, ctx.config.rules);
      await recordAudit(em, ctx, { action: 'workingWeekendDay.set', subjectType: 'WorkingWeekendDay', subjectId: saved.id, tenantId: null, changes: { date, name: clean } });
      return saved;
    });
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Makes a working weekend day a day off again; every open deadline is recomputed. False if it was not one. Administrators.' })
  removeWorkingWeekendDay(@Arg('date', () => LocalDateScalar) date: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    this.assertAdmin(ctx);
    return inTransaction(ctx, async (em: EntityManager) => {
      const existing = await em.findOneBy(WorkingWeekendDay, { workOn: date });
      if (!existing) return false;
      await em.delete(WorkingWeekendDay, { id: existing.id });
      await refreshDeadlines(em, ctx.config.rules);
      await recordAudit(em, ctx, { action: 'workingWeekendDay.remove', subjectType: 'WorkingWeekendDay', subjectId: existing.id, tenantId: null, changes: { date, name: existing.name } });
      return true;
    });
  }

  private assertAdmin(ctx: RequestContext): void {
    if (!ctx.ability.can('manage', 'PublicHoliday')) throw forbidden('Only system administrators change the working calendar');
  }
}

/** The years the calendar holds: a day outside them could be written but never listed. */
const FIRST_YEAR = 1990;
const LAST_YEAR = 2100;

function yearRange(year: number) {
  if (year < FIRST_YEAR || year > LAST_YEAR) throw badInput(`year must be from ${FIRST_YEAR} to ${LAST_YEAR}`, [{ field: 'year', message: 'out of range' }]);
  return Between(`${year}-01-01`, `${year}-12-31`);
}

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
