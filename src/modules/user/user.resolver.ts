import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { User } from './user.entity';
import { AuthPayload, CreateUserInput, LoginArgs, UpdateUserInput, UserListArgs } from './user.inputs';
import { createUser, listUsers, login, updateUser } from './user.service';
import { Organization } from '../organization/organization.entity';
import { Member } from '../member/member.entity';
import type { RequestContext } from '../../graphql/context';
import { connectionTypes, PageArgs, pageSize } from '../../graphql/connection';
import { GlobalIdArg } from '../../graphql/ids';
import { Public } from '../../graphql/guards';
import { resolveSubtreeAs } from '../../graphql/subtree-context';

export const { ConnectionType: UserConnection } = connectionTypes(User, 'User');

@Resolver(() => User)
export class UserResolver {
  @Public()
  @Mutation(() => AuthPayload, { description: 'Logs in; send the token as "Authorization: Bearer <token>"' })
  async login(@Args() args: LoginArgs, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<AuthPayload> {
    const { payload, actingAs } = await login(ctx, args);
    // The payload's nested fields (the user, their organization, their permissions) act as the user who logged in.
    resolveSubtreeAs(ctx, info.path, actingAs);
    return payload;
  }

  @Public()
  @Query(() => User, { nullable: true, description: 'The logged-in user, or null without a token' })
  async me(@Ctx() ctx: RequestContext): Promise<User | null> {
    if (!ctx.principal || ctx.principal.userId === null) return null;
    return ctx.dataSource.getRepository(User).findOne({ where: { id: ctx.principal.userId } });
  }

  @Authorized()
  @Query(() => UserConnection, { description: 'Users acting in your subtree' })
  users(@Args() { filter }: UserListArgs, @Args() page: PageArgs, @Ctx() ctx: RequestContext) {
    return listUsers(ctx, filter, pageSize(ctx.config, page.first), page.after);
  }

  @Authorized()
  @Mutation(() => User, { description: 'Creates a user for your own subtree' })
  createUser(@Arg('input') input: CreateUserInput, @Ctx() ctx: RequestContext): Promise<User> {
    return createUser(ctx, input);
  }

  @Authorized()
  @Mutation(() => User, { description: 'Renames, disables or resets the password of a user in your subtree' })
  updateUser(@GlobalIdArg('id', 'User') id: number, @Arg('input') input: UpdateUserInput, @Ctx() ctx: RequestContext): Promise<User> {
    return updateUser(ctx, id, input);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The organization the user acts for' })
  organization(@Root() user: User, @Ctx() ctx: RequestContext): Promise<Organization | null> | null {
    if (user.organizationId === null) return null;
    // The caller always sees their own organization, even where their role reads nothing else.
    return ctx.loaders.organization.load(user.organizationId);
  }

  @FieldResolver(() => Member, { nullable: true, description: 'For mentors: the member they are' })
  member(@Root() user: User, @Ctx() ctx: RequestContext): Promise<Member | null> | null {
    return user.memberId === null ? null : ctx.loaders.member.load(user.memberId);
  }
}
