import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { PublicHoliday } from './holiday.entity';
import { WorkingWeekendDay } from './working-weekend-day.entity';
import type { RequestContext } from '../../graphql/context';
import { LocalDateScalar } from '../../graphql/scalars';
import { daysOfYear, PUBLIC_HOLIDAY, removePublicHoliday, removeWorkingWeekendDay, setDay, WORKING_WEEKEND_DAY } from './calendar.service';

/** The working calendar's public holidays and working weekend days (calendar.service.ts). */
@Resolver(() => PublicHoliday)
export class PublicHolidayResolver {
  @Authorized()
  @Query(() => [PublicHoliday], { description: 'The public holidays of a year (deadlines skip them)' })
  publicHolidays(@Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext): Promise<PublicHoliday[]> {
    return daysOfYear(ctx, PUBLIC_HOLIDAY, year);
  }

  @Authorized()
  @Mutation(() => PublicHoliday, { description: 'Adds or renames a public holiday; every open deadline is recomputed. Administrators.' })
  setPublicHoliday(@Arg('date', () => LocalDateScalar) date: string, @Arg('name') name: string, @Ctx() ctx: RequestContext): Promise<PublicHoliday> {
    return setDay(ctx, PUBLIC_HOLIDAY, WORKING_WEEKEND_DAY, date, name);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Removes a public holiday; every open deadline is recomputed. Administrators.' })
  removePublicHoliday(@Arg('date', () => LocalDateScalar) date: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return removePublicHoliday(ctx, date);
  }

  @Authorized()
  @Query(() => [WorkingWeekendDay], { description: 'The weekend days of a year that are working days (ngày làm bù; deadlines count them)' })
  workingWeekendDays(@Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext): Promise<WorkingWeekendDay[]> {
    return daysOfYear(ctx, WORKING_WEEKEND_DAY, year);
  }

  @Authorized()
  @Mutation(() => WorkingWeekendDay, {
    description: 'Makes a Saturday or Sunday a working day (ngày làm bù), or renames one; every open deadline is recomputed. Not a public holiday. Administrators.',
  })
  setWorkingWeekendDay(@Arg('date', () => LocalDateScalar) date: string, @Arg('name') name: string, @Ctx() ctx: RequestContext): Promise<WorkingWeekendDay> {
    return setDay(ctx, WORKING_WEEKEND_DAY, PUBLIC_HOLIDAY, date, name);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Makes a working weekend day a day off again; every open deadline is recomputed. False if it was not one. Administrators.' })
  removeWorkingWeekendDay(@Arg('date', () => LocalDateScalar) date: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return removeWorkingWeekendDay(ctx, date);
  }
}
