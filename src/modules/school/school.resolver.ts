import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { School, SchoolHeadcount } from './school.entity';
import { CreateSchoolInput, SchoolListArgs, UpdateSchoolInput } from './school.inputs';
import { createSchool, listSchools, updateSchool } from './school.service';
import { Organization } from '../organization/organization.entity';
import { SCHOOL_ORGANIZATION_KINDS } from '../../domain/enums';
import type { RequestContext } from '../../graphql/context';
import { connectionTypes, PageArgs, pageSize } from '../../graphql/connection';
import { GlobalIdArg } from '../../graphql/ids';
import { listOf } from '../../graphql/limits';

export const { ConnectionType: SchoolConnection } = connectionTypes(School, 'School');

@Resolver(() => School)
export class SchoolResolver {
  @Authorized()
  @Query(() => SchoolConnection, { description: 'Schools you may see, in Vietnamese name order' })
  schools(@Args() { filter }: SchoolListArgs, @Args() page: PageArgs, @Ctx() ctx: RequestContext) {
    return listSchools(ctx, filter, pageSize(ctx.config, page.first), page.after);
  }

  @Authorized()
  @Mutation(() => School)
  createSchool(@Arg('input') input: CreateSchoolInput, @Ctx() ctx: RequestContext): Promise<School> {
    return createSchool(ctx, input);
  }

  @Authorized()
  @Mutation(() => School, { description: 'Edits a school; headcounts are added or replaced by school year' })
  updateSchool(@GlobalIdArg('id', 'School') id: number, @Arg('input') input: UpdateSchoolInput, @Ctx() ctx: RequestContext): Promise<School> {
    return updateSchool(ctx, id, input);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'Its party organization, or the committee of its area if it has none' })
  organization(@Root() school: School, @Ctx() ctx: RequestContext): Promise<Organization | null> {
    return ctx.loaders.organization.load(school.organizationId);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the school has a party organization of its own (cell or committee)' })
  async hasPartyOrganization(@Root() school: School, @Ctx() ctx: RequestContext): Promise<boolean> {
    const organization = await ctx.loaders.organization.load(school.organizationId);
    return organization !== null && SCHOOL_ORGANIZATION_KINDS.includes(organization.kind);
  }

  // One school year when asked for one; otherwise costed as 20 school years on record.
  @FieldResolver(() => [SchoolHeadcount], { description: 'Headcounts per school year, newest first', complexity: (args) => listOf(args.args.schoolYear == null ? 20 : 1)(args) })
  async headcounts(
    @Root() school: School,
    @Ctx() ctx: RequestContext,
    @Arg('schoolYear', () => Int, { nullable: true, description: 'Only this school year (2025 for 2025-2026)' }) schoolYear?: number,
  ): Promise<SchoolHeadcount[]> {
    const rows = await ctx.loaders.headcounts.load(school.id);
    return schoolYear === undefined || schoolYear === null ? rows : rows.filter((row) => row.schoolYear === schoolYear);
  }
}
