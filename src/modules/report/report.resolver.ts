import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { IsOptional, Max, Min } from 'class-validator';
import { Organization } from '../organization/organization.entity';
import { SchoolLevel } from '../../domain/enums';
import type { RequestContext } from '../../graphql/context';
import { GlobalIdArg } from '../../graphql/ids';
import { aReport } from '../../graphql/limits';
import { PeriodInput } from './period';
import { Statistics, TargetBehind, HeadlineFigures } from './statistics.types';
import { Target, TargetMetric } from './target.entity';
import { listTargets, setTargets, siblingHeadlines, statisticsFor, type SiblingHeadline } from './report.service';

@InputType({ description: 'A yearly target for an organization, or for all its cells of a school level at once' })
export class SetTargetInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => Int)
  @Min(2000)
  @Max(2100)
  year!: number;

  @Field(() => TargetMetric)
  metric!: TargetMetric;

  @Field(() => Int)
  @Min(0)
  @Max(1000000)
  value!: number;

  @Field(() => SchoolLevel, { nullable: true, description: 'Set it on every cell under the organization whose school has this level (e.g. UPPER_SECONDARY)' })
  @IsOptional()
  cellSchoolLevel?: SchoolLevel;
}

@ObjectType({ description: "A sibling organization's headline figures" })
class SiblingComparison extends HeadlineFigures {
  @Field()
  organizationName!: string;
}

@Resolver(() => Statistics)
export class StatisticsResolver {
  @Authorized()
  @Query(() => Statistics, { description: 'Figures for the whole subtree of an organization, with the same for each direct child in byChild', complexity: aReport })
  statistics(
    @GlobalIdArg('organizationId', 'Organization') organizationId: number,
    @Arg('period', () => PeriodInput, { nullable: true }) period: PeriodInput | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Statistics> {
    return statisticsFor(ctx, organizationId, period);
  }

  // A report over the parent's subtree; its rows are a few numbers each.
  @Authorized()
  @Query(() => [SiblingComparison], { description: 'For a committee: the headline figures of its sibling organizations, for comparison (no rows of theirs)', complexity: aReport })
  siblingComparison(@Arg('period', () => PeriodInput, { nullable: true }) period: PeriodInput | undefined, @Ctx() ctx: RequestContext): Promise<SiblingHeadline[]> {
    return siblingHeadlines(ctx, period);
  }

  @Authorized()
  @Query(() => [Target], { description: "Targets of a year in an organization's subtree" })
  targets(@GlobalIdArg('organizationId', 'Organization') organizationId: number, @Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext): Promise<Target[]> {
    return listTargets(ctx, organizationId, year);
  }

  @Authorized()
  @Mutation(() => [Target], { description: 'Sets a yearly target (replacing one of the same year and metric). Committees, for their subtree.' })
  setTarget(@Arg('input', () => SetTargetInput) input: SetTargetInput, @Ctx() ctx: RequestContext): Promise<Target[]> {
    return setTargets(ctx, input);
  }

  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() statistics: Statistics, @Ctx() ctx: RequestContext): Promise<Organization | null> {
    return ctx.loaders.organization.load(statistics.organizationId);
  }

  @FieldResolver(() => [Statistics], { description: 'The same figures for each direct child you may see' })
  byChild(@Root() statistics: Statistics): Statistics[] {
    return statistics.children;
  }

  @FieldResolver(() => [TargetBehind], { description: 'Organizations of the subtree behind their own targets for the year' })
  targetsBehind(@Root() statistics: Statistics): TargetBehind[] {
    return statistics.behind;
  }
}

@Resolver(() => TargetBehind)
export class TargetBehindResolver {
  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() row: TargetBehind, @Ctx() ctx: RequestContext): Promise<Organization | null> {
    return ctx.loaders.organization.load(row.organizationId);
  }
}

@Resolver(() => Target)
export class TargetResolver {
  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() target: Target, @Ctx() ctx: RequestContext): Promise<Organization | null> {
    return ctx.loaders.organization.load(target.organizationId);
  }
}

@Resolver(() => Organization)
export class OrganizationStatisticsResolver {
  @FieldResolver(() => Statistics, { description: 'This organization’s statistics for a period (see Query.statistics)', complexity: aReport })
  statistics(@Root() organization: Organization, @Arg('period', () => PeriodInput, { nullable: true }) period: PeriodInput | undefined, @Ctx() ctx: RequestContext): Promise<Statistics> {
    return statisticsFor(ctx, organization.id, period);
  }
}

export const REPORT_RESOLVERS = [StatisticsResolver, TargetBehindResolver, TargetResolver, OrganizationStatisticsResolver] as const;
