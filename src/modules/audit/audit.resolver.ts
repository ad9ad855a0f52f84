import { Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { IsOptional } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { AuditLog } from './audit.entity';
import { Organization } from '../organization/organization.entity';
import { User } from '../user/user.entity';
import type { RequestContext } from '../../graphql/context';
import { scopedQuery } from '../../auth/scope';
import { connectionTypes, PageArgs, pageSize, paginate } from '../../graphql/connection';
import { restrictToSubtree } from '../../graphql/list-filters';
import { isGlobalIdType, toGlobalId } from '../../graphql/global-id';

export const { ConnectionType: AuditLogConnection } = connectionTypes(AuditLog, 'AuditLog');

@ArgsType()
class AuditLogArgs {
  @Field(() => ID, { nullable: true, description: "Only writes to objects of this organization's subtree" })
  @IsOptional()
  under?: string;
}

@Resolver(() => AuditLog)
export class AuditLogResolver {
  @Authorized()
  @Query(() => AuditLogConnection, { description: 'Every write in your subtree, newest first (committees and administrators)' })
  async auditLog(@Args() { under }: AuditLogArgs, @Args() page: PageArgs, @Ctx() ctx: RequestContext) {
    const qb = scopedQuery<AuditLog>(ctx.dataSource.manager, ctx.ability, 'read', 'AuditEntry');
    await restrictToSubtree(ctx, qb, under, 'scope_org.path');
    return paginate(qb, {
      first: pageSize(ctx.config, page.first),
      after: page.after,
      sort: { property: 'audit.id', direction: 'DESC' },
      idProperty: 'audit.id',
      sortValue: (row: AuditLog) => row.id,
    });
  }

  @FieldResolver(() => ID, { nullable: true, description: 'Global id of the changed object' })
  subjectId(@Root() entry: AuditLog): string | null {
    return entry.subjectId !== null && isGlobalIdType(entry.subjectType) ? toGlobalId(entry.subjectType, entry.subjectId) : null;
  }

  @FieldResolver(() => GraphQLJSONObject, { nullable: true, description: 'What changed: { field: [before, after] } or the facts of the step' })
  changes(@Root() entry: AuditLog): Record<string, unknown> | null {
    return entry.changes ? (JSON.parse(entry.changes) as Record<string, unknown>) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who made the change (null if you may not see that user)' })
  user(@Root() entry: AuditLog, @Ctx() ctx: RequestContext): Promise<User | null> | null {
    return entry.userId === null ? null : ctx.loaders.user.load(entry.userId);
  }

  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() entry: AuditLog, @Ctx() ctx: RequestContext): Promise<Organization | null> | null {
    return entry.organizationId === null ? null : ctx.loaders.organization.load(entry.organizationId);
  }
}
