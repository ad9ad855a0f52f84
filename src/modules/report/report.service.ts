import { Organization } from '../organization/organization.entity';
import { cellsOfLevelUnder } from '../school/school.service';
import type { SchoolLevel } from '../../domain/enums';
import type { RequestContext } from '../../graphql/context';
import { assertCan, loadFor } from '../../auth/guard';
import { scopedQuery, scopeSubject } from '../../auth/scope';
import { inTransaction } from '../../db/transaction';
import { yieldWithinBudget } from '../../db/time-limit';
import { decodeId } from '../../graphql/ids';
import { forbidden, badInput, notFound } from '../../errors/app-error';
import { todayInVietnam } from '../../common/dates';
import { recordAudit } from '../audit/audit.service';
import { Target, TargetMetric } from './target.entity';
import { resolvePeriod, type PeriodInput } from './period';
import { computeStatistics, headlineFigures } from './statistics.service';
import type { HeadlineFigures, Statistics } from './statistics.types';

/**
 * A request's reports run one after another, each after letting the event loop answer other
 * requests (SQLite computes a report synchronously) and only while the request's time budget
 * lasts: a query asking for many reports holds one connection at a time, never the process.
 */
const reportQueues = new WeakMap<RequestContext, Promise<unknown>>();

function oneReportAtATime<T>(ctx: RequestContext, compute: () => Promise<T>): Promise<T> {
  const previous = reportQueues.get(ctx) ?? Promise.resolve();
  const next = previous
    .catch(() => undefined)
    .then(async () => {
      await yieldWithinBudget(ctx.budget);
      return compute();
    });
  reportQueues.set(ctx, next);
  return next;
}

/** The statistics of an organization the caller may read statistics of, for a period. */
export function statisticsFor(ctx: RequestContext, organizationId: number, periodInput: PeriodInput | undefined): Promise<Statistics> {
  return oneReportAtATime(ctx, () => computeStatisticsFor(ctx, organizationId, periodInput));
}

async function computeStatisticsFor(ctx: RequestContext, organizationId: number, periodInput: PeriodInput | undefined): Promise<Statistics> {
  const period = resolvePeriod(periodInput, todayInVietnam());
  const em = ctx.dataSource.manager;
  // The root and its children in one statement; each loaded row is then checked for
  // readStatistics (a mentor may read its cell but not its statistics).
  const rows = await scopedQuery<Organization>(em, ctx.ability, 'read', 'Organization')
    .andWhere('(organization.id = :rootId OR organization.parentId = :rootId)', { rootId: organizationId })
    .orderBy('organization.sortName', 'ASC')
    .addOrderBy('organization.id', 'ASC')
    .getMany();
  const root = rows.find((row) => row.id === organizationId);
  if (!root) throw notFound('Organization');
  assertCan(ctx, 'readStatistics', 'Organization', root, null);
  const children = rows.filter((row) => row.id !== organizationId && ctx.ability.can('readStatistics', scopeSubject('Organization', row, null)));
  for (const row of rows) ctx.loaders.organization.prime(row.id, row);
  return computeStatistics(em, root, children, period, todayInVietnam(), ctx.config.reportCacheSeconds, ctx.budget);
}

export interface SiblingHeadline extends HeadlineFigures {
  organizationName: string;
}

/** A committee's sibling organizations (same parent) with their headline ratios only. */
export function siblingHeadlines(ctx: RequestContext, periodInput: PeriodInput | undefined): Promise<SiblingHeadline[]> {
  return oneReportAtATime(ctx, () => computeSiblingHeadlines(ctx, periodInput));
}

async function computeSiblingHeadlines(ctx: RequestContext, periodInput: PeriodInput | undefined): Promise<SiblingHeadline[]> {
  const em = ctx.dataSource.manager;
  const own = ctx.principal?.organizationId;
  if (!own) return [];
  const organization = await em.findOneByOrFail(Organization, { id: own });
  if (organization.parentId === null) return [];
  const parent = await em.findOneByOrFail(Organization, { id: organization.parentId });
  const siblings = (await em.find(Organization, { where: { parentId: parent.id, kind: organization.kind }, order: { sortName: 'ASC', id: 'ASC' } })).filter(
    (sibling) => sibling.id !== own && ctx.ability.can('readHeadlines', scopeSubject('Organization', sibling, null)),
  );
  const figures = await headlineFigures(em, parent, siblings, resolvePeriod(periodInput, todayInVietnam()), todayInVietnam(), ctx.budget);
  return figures.map((figure) => ({ ...figure, organizationName: siblings.find((s) => s.id === figure.organizationId)?.name ?? '' }));
}

export interface TargetChange {
  organizationId: string;
  year: number;
  metric: TargetMetric;
  value: number;
  /** Set the target on every cell under the organization whose school has this level instead. */
  cellSchoolLevel?: SchoolLevel;
}

/** Sets a yearly target on an organization, or on all its cells of a school level at once. */
export async function setTargets(ctx: RequestContext, change: TargetChange): Promise<Target[]> {
  return inTransaction(ctx, async (em) => {
    const { record: organization } = await loadFor<Organization>(ctx, em, 'Organization', decodeId(change.organizationId, 'Organization', 'organizationId'));
    if (!ctx.ability.can('setTargets', scopeSubject('Organization', organization, null))) throw forbidden('Only committees set targets, for their own subtree');
    let targets: Organization[] = [organization];
    if (change.cellSchoolLevel) {
      targets = await cellsOfLevelUnder(em, organization, change.cellSchoolLevel);
      if (targets.length === 0) throw badInput(`No cell of a ${change.cellSchoolLevel} school under ${organization.name}`, [{ field: 'cellSchoolLevel', message: 'no such cells' }]);
    }
    const saved: Target[] = [];
    for (const target of targets) {
      const existing = await em.findOneBy(Target, { organizationId: target.id, year: change.year, metric: change.metric });
      const row = existing ?? em.create(Target, { tenantId: target.tenantId, organizationId: target.id, year: change.year, metric: change.metric });
      row.value = change.value;
      row.setByUserId = ctx.principal?.userId ?? null;
      saved.push(await em.save(row));
    }
    await recordAudit(em, ctx, {
      action: 'target.set',
      subjectType: 'Organization',
      subjectId: organization.id,
      tenantId: organization.tenantId,
      organizationId: organization.id,
      changes: { year: change.year, metric: change.metric, value: change.value, cellSchoolLevel: change.cellSchoolLevel ?? null, organizations: targets.length },
    });
    return saved;
  });
}

/** Targets of the year set in the organization's subtree. */
export async function listTargets(ctx: RequestContext, organizationId: number, year: number): Promise<Target[]> {
  const em = ctx.dataSource.manager;
  const { record: organization } = await loadFor<Organization>(ctx, em, 'Organization', organizationId);
  assertCan(ctx, 'readStatistics', 'Organization', organization, null);
  return em
    .getRepository(Target)
    .createQueryBuilder('target')
    .innerJoin(Organization, 'o', 'o.id = target.organizationId')
    .where('o.path LIKE :prefix AND target.year = :year', { prefix: `${organization.path}%`, year })
    .orderBy('o.sortName', 'ASC')
    .addOrderBy('target.metric', 'ASC')
    .getMany();
}
