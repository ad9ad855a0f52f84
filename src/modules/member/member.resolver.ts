import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Member } from './member.entity';
import { CreateMemberInput, MemberListArgs, UpdateMemberInput } from './member.inputs';
import { createMember, listMembers, updateMember } from './member.service';
import { Organization } from '../organization/organization.entity';
import type { RequestContext } from '../../graphql/context';
import { connectionTypes, PageArgs, pageSize } from '../../graphql/connection';
import { GlobalIdArg } from '../../graphql/ids';
import { Restricted } from '../../graphql/restricted';

export const { ConnectionType: MemberConnection } = connectionTypes(Member, 'Member');

@Resolver(() => Member)
export class MemberResolver {
  @Authorized()
  @Query(() => MemberConnection, { description: 'Party members you may see, in Vietnamese name order' })
  members(@Args() { filter }: MemberListArgs, @Args() page: PageArgs, @Ctx() ctx: RequestContext) {
    return listMembers(ctx, filter, pageSize(ctx.config, page.first), page.after);
  }

  @Authorized()
  @Mutation(() => Member)
  createMember(@Arg('input') input: CreateMemberInput, @Ctx() ctx: RequestContext): Promise<Member> {
    return createMember(ctx, input);
  }

  @Authorized()
  @Mutation(() => Member)
  updateMember(@GlobalIdArg('id', 'Member') id: number, @Arg('input') input: UpdateMemberInput, @Ctx() ctx: RequestContext): Promise<Member> {
    return updateMember(ctx, id, input);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The cell' })
  cell(@Root() member: Member, @Ctx() ctx: RequestContext): Promise<Organization | null> {
    return ctx.loaders.organization.load(member.organizationId);
  }

  @Restricted()
  @FieldResolver(() => String, { nullable: true, description: "Restricted: the cell's secretary and committees above see it; null for others" })
  nationalId(@Root() member: Member): string | null {
    return member.nationalId;
  }
}
