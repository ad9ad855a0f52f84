import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Between } from 'typeorm';
import { PublicHoliday } from './holiday.entity';
import { requirePrincipal, type RequestContext } from '../../context';
import { LocalDateScalar } from '../../graphql/scalars';
import { inTransaction } from '../../db/transaction';
import { badInput, forbidden } from '../../errors/app-error';
import { normalizeText } from '../../common/text';
import { refreshDeadlines } from '../candidate/path/path.service';
import { recordAudit } from '../audit/audit.service';

/** Public holidays are data: administrators keep them in line with each year's announcement. */
@Resolver(() => PublicHoliday)
export class PublicHolidayResolver {
  @Query(() => [PublicHoliday], { description: 'The public holidays of a year (deadlines skip them)' })
  publicHolidays(@Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext): Promise<PublicHoliday[]> {
    requirePrincipal(ctx);
    if (year < 1990 || year > 2100) throw badInput('year must be from 1990 to 2100', [{ field: 'year', message: 'out of range' }]);
    return ctx.dataSource.getRepository(PublicHoliday).find({ where: { holidayOn: Between(`${year}-01-01`, `${year}-12-31`) }, order: { holidayOn: 'ASC' } });
  }

  @Mutation(() => PublicHoliday, { description: 'Adds or renames a public holiday; every open deadline is recomputed. Administrators.' })
  setPublicHoliday(@Arg('date', () => LocalDateScalar) date: string, @Arg('name') name: string, @Ctx() ctx: RequestContext): Promise<PublicHoliday> {
    this.assertAdmin(ctx);
    const clean = normalizeText(name);
    if (clean.length < 2 || clean.length > 255) throw badInput('name must be 2 to 255 characters', [{ field: 'name', message: 'length' }]);
    return inTransaction(ctx, async (em) => {
      const existing = await em.findOneBy(PublicHoliday, { holidayOn: date });
      const saved = await em.save(existing ? Object.assign(existing, { name: clean }) : em.create(PublicHoliday, { holidayOn: date, name: clean }));
      await refreshDeadlines(em, ctx.config.rules);
      await recordAudit(em, ctx, { action: 'holiday.set', subjectType: 'PublicHoliday', subjectId: saved.id, tenantId: null, changes: { date, name: clean } });
      return saved;
    });
  }

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

  private assertAdmin(ctx: RequestContext): void {
    requirePrincipal(ctx);
    if (!ctx.ability.can('manage', 'PublicHoliday')) throw forbidden('Only system administrators change the public holidays');
  }
}
