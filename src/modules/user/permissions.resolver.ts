import { Arg, Authorized, Ctx, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { User } from './user.entity';
import { Candidate } from '../candidate/candidate.entity';
import { Organization } from '../organization/organization.entity';
import { completeScopeView } from '../../auth/scope';
import type { RequestContext } from '../../graphql/context';
import { ACTIONS, type Action } from '../../auth/ability';
import { loadFor } from '../../auth/guard';
import { isSubjectName, registeredSubjects } from '../../auth/subjects';
import { fromGlobalId } from '../../graphql/global-id';
import { badInput, AppError, ErrorCode } from '../../errors/app-error';

/** What a frontend needs to hide buttons without guessing: the caller's rules, and yes/no questions. */
@ObjectType({ description: "One of the caller's permission rules (CASL's rule format: a frontend can load them into @casl/ability)" })
class PermissionRule {
  @Field(() => [String])
  actions!: string[];

  @Field(() => [String])
  subjects!: string[];

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Conditions on the record (orgPath: the path of its organization; $startsWith a subtree)' })
  conditions!: Record<string, unknown> | null;

  @Field({ description: 'A rule that forbids (cannot) rather than allows' })
  inverted!: boolean;
}

@Resolver(() => User)
export class PermissionsResolver {
  @FieldResolver(() => [PermissionRule], { description: 'For your own user: the rules of what you may do (empty for other users)' })
  permissions(@Root() user: User, @Ctx() ctx: RequestContext): PermissionRule[] {
    if (!ctx.principal || ctx.principal.userId !== user.id) return [];
    return ctx.ability.rules.map((rule) => ({
      actions: ([] as string[]).concat(rule.action),
      subjects: ([] as string[]).concat(rule.subject as string | string[]),
      conditions: (rule.conditions as Record<string, unknown> | undefined) ?? null,
      inverted: Boolean(rule.inverted),
    }));
  }

  @Authorized()
  @Query(() => Boolean, {
    description: 'May you do `action` on `subject` (e.g. "update", "Candidate")? With `id`, on that record; without, on at least some record of the kind. False for records you cannot see.',
  })
  async can(@Arg('action') action: string, @Arg('subject') subject: string, @Arg('id', () => ID, { nullable: true }) id: string | undefined, @Ctx() ctx: RequestContext): Promise<boolean> {
    if (!ACTIONS.includes(action as Action)) throw badInput(`Unknown action ${action}`, [{ field: 'action', message: `one of ${ACTIONS.join(', ')}` }]);
    if (!isSubjectName(subject)) throw badInput(`Unknown subject ${subject}`, [{ field: 'subject', message: `one of ${registeredSubjects().map((s) => s.name).join(', ')}` }]);
    if (!id) return ctx.ability.can(action as Action, subject);
    const decoded = fromGlobalId(id);
    if (!decoded || decoded.type !== subject) throw badInput(`id is not ${/^[AEIOU]/.test(subject) ? 'an' : 'a'} ${subject} id`, [{ field: 'id', message: 'wrong kind of id' }]);
    try {
      await loadFor(ctx, ctx.dataSource.manager, subject, decoded.id, action as Action);
      return true;
    } catch (error) {
      if (error instanceof AppError && (error.code === ErrorCode.NOT_FOUND || error.code === ErrorCode.FORBIDDEN)) return false;
      throw error;
    }
  }
}

/**
 * The fields the conditions of `me.permissions` read on a candidate, so a client decides with the
 * same rules and the same view as the server (`ability.can('decide', subject('Candidate', c.permissionSubject))`).
 */
@Resolver(() => Candidate)
export class CandidatePermissionSubjectResolver {
  @FieldResolver(() => GraphQLJSONObject, {
    description:
      "The candidate as your rules (me.permissions) see it: orgPath (its cell's path), mentorId, cellParentId (who resolves as the grassroots committee) and decidingOrganizationId (who decides admissions). The same view the server's checks and `can` use.",
  })
  async permissionSubject(@Root() candidate: Candidate, @Ctx() ctx: RequestContext): Promise<Record<string, unknown>> {
    const cell = await ctx.loaders.organization.load(candidate.organizationId);
    if (!cell) return {};
    // The organizations above the cell, batched with the page's other candidates.
    const organizations = async (ids: readonly number[]) => (await ctx.loaders.organization.loadMany(ids)).filter((row): row is Organization => row instanceof Organization);
    return completeScopeView(organizations, 'Candidate', candidate, cell.path);
  }
}
