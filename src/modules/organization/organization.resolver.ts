import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Organization, OrganizationMove } from './organization.entity';
import { CreateOrganizationInput, MoveOrganizationInput, OrganizationListArgs, UpdateOrganizationInput } from './organization.inputs';
import { createOrganization, listOrganizations, moveOrganization, updateOrganization } from './organization.service';
import { School } from '../school/school.entity';
import { OrganizationKind, ORGANIZATION_KIND_LABELS } from '../../domain/enums';
import type { RequestContext } from '../../graphql/context';
import { connectionTypes, PageArgs, pageSize } from '../../graphql/connection';
import { GlobalIdArg } from '../../graphql/ids';
import { loadFor } from '../../auth/guard';
import { listOf } from '../../graphql/limits';

export const { ConnectionType: OrganizationConnection } = connectionTypes(Organization, 'Organization');

@Resolver(() => Organization)
export class OrganizationResolver {
  @Authorized()
  @Query(() => Organization, { description: 'An organization you may see; NOT_FOUND otherwise' })
  async organization(@GlobalIdArg('id', 'Organization') id: number, @Ctx() ctx: RequestContext): Promise<Organization> {
    return (await loadFor<Organization>(ctx, ctx.dataSource.manager, 'Organization', id)).record;
  }

  @Authorized()
  @Query(() => OrganizationConnection, { description: 'Organizations you may see, in Vietnamese name order' })
  organizations(@Args() { filter }: OrganizationListArgs, @Args() page: PageArgs, @Ctx() ctx: RequestContext) {
    return listOrganizations(ctx, filter, pageSize(ctx.config, page.first), page.after);
  }

  @Authorized()
  @Mutation(() => Organization)
  createOrganization(@Arg('input') input: CreateOrganizationInput, @Ctx() ctx: RequestContext): Promise<Organization> {
    return createOrganization(ctx, input);
  }

  @Authorized()
  @Mutation(() => Organization)
  updateOrganization(@GlobalIdArg('id', 'Organization') id: number, @Arg('input') input: UpdateOrganizationInput, @Ctx() ctx: RequestContext): Promise<Organization> {
    return updateOrganization(ctx, id, input);
  }

  @Authorized()
  @Mutation(() => Organization, { description: 'Moves an organization and everything under it to a new parent (e.g. a cell to another commune)' })
  moveOrganization(@Arg('input') input: MoveOrganizationInput, @Ctx() ctx: RequestContext): Promise<Organization> {
    return moveOrganization(ctx, input);
  }

  @FieldResolver(() => String, { description: 'Vietnamese label of the kind' })
  kindLabel(@Root() organization: Organization): string {
    return ORGANIZATION_KIND_LABELS[organization.kind];
  }

  @FieldResolver(() => Boolean, { description: 'A cell under a commune or school committee needs that committee’s resolution before the decision' })
  needsCommitteeResolution(@Root() organization: Organization, @Ctx() ctx: RequestContext): Promise<boolean> | boolean {
    if (organization.kind !== OrganizationKind.SCHOOL_CELL || organization.parentId === null) return false;
    return this.parentKind(organization, ctx).then((kind) => kind === OrganizationKind.COMMUNE_COMMITTEE || kind === OrganizationKind.SCHOOL_COMMITTEE);
  }

  private async parentKind(organization: Organization, ctx: RequestContext): Promise<OrganizationKind | null> {
    if (organization.parentId === null) return null;
    return (await ctx.loaders.organization.load(organization.parentId))?.kind ?? null;
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The organization directly above (null at the top, or if you may not see it)' })
  parent(@Root() organization: Organization, @Ctx() ctx: RequestContext): Promise<Organization | null> | null {
    return organization.parentId === null ? null : ctx.loaders.organization.load(organization.parentId);
  }

  // Costed as 10 levels: the Party's levels from the centre down to a school cell are six.
  @FieldResolver(() => [Organization], { description: 'From the tenant root down to the parent', complexity: listOf(10) })
  async ancestors(@Root() organization: Organization, @Ctx() ctx: RequestContext): Promise<Organization[]> {
    const rows = await ctx.loaders.organization.loadMany(organization.ancestorIds);
    return rows.filter((row): row is Organization => row instanceof Organization);
  }

  @FieldResolver(() => [Organization], { description: 'The organizations directly below, in name order' })
  children(@Root() organization: Organization, @Ctx() ctx: RequestContext): Promise<Organization[]> {
    return ctx.loaders.children.load(organization.id);
  }

  @FieldResolver(() => [Organization], { description: 'Every school cell in this subtree (this organization itself if it is a cell)' })
  cells(@Root() organization: Organization, @Ctx() ctx: RequestContext): Promise<Organization[]> {
    return ctx.loaders.cellsUnder.load(organization.path);
  }

  @FieldResolver(() => School, { nullable: true, description: 'The school of a school cell or school committee' })
  school(@Root() organization: Organization, @Ctx() ctx: RequestContext): Promise<School | null> | null {
    if (organization.kind !== OrganizationKind.SCHOOL_CELL && organization.kind !== OrganizationKind.SCHOOL_COMMITTEE) return null;
    return ctx.loaders.schoolOfOrganization.load(organization.id);
  }

  @FieldResolver(() => [OrganizationMove], { description: 'Moves of this organization to other parents, oldest first' })
  moves(@Root() organization: Organization, @Ctx() ctx: RequestContext): Promise<OrganizationMove[]> {
    return ctx.loaders.movesOf.load(organization.id);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The top committee (tenant) this organization belongs to' })
  tenant(@Root() organization: Organization, @Ctx() ctx: RequestContext): Promise<Organization | null> {
    return ctx.loaders.organization.load(organization.tenantId);
  }
}

@Resolver(() => OrganizationMove)
export class OrganizationMoveResolver {
  @FieldResolver(() => Organization, { nullable: true, description: 'The parent before the move (null if you may not see it)' })
  fromParent(@Root() move: OrganizationMove, @Ctx() ctx: RequestContext): Promise<Organization | null> | null {
    return move.fromParentId === null ? null : ctx.loaders.organization.load(move.fromParentId);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The parent after the move (null if you may not see it)' })
  toParent(@Root() move: OrganizationMove, @Ctx() ctx: RequestContext): Promise<Organization | null> {
    return ctx.loaders.organization.load(move.toParentId);
  }
}
