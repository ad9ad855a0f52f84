import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { nodeSelection } from '../../graphql/look-ahead';
import { listOf } from '../../graphql/limits';
import { Candidate, CandidateStageEvent, CandidateStallReason } from './candidate.entity';
import { CandidateListArgs, CreateCandidateInput, UpdateCandidateInput } from './candidate.inputs';
import { createCandidate, updateCandidate } from './candidate.service';
import { listCandidates, listDeadlines } from './candidate.lists';
import { joinedRelation, type CandidateSelection } from './candidate.joined';
import { badInput } from '../../errors/app-error';
import { Organization } from '../organization/organization.entity';
import { Member } from '../member/member.entity';
import { School } from '../school/school.entity';
import { User } from '../user/user.entity';
import { STAGE_LABELS, StallReason } from '../../domain/enums';
import type { RequestContext } from '../../graphql/context';
import { connectionTypes, PageArgs, pageSize } from '../../graphql/connection';
import { GlobalIdArg } from '../../graphql/ids';
import { Restricted } from '../../graphql/restricted';
import { loadFor } from '../../auth/guard';
import { GraphQLJSONObject } from 'graphql-scalars';
import { HISTORY_BOUND } from './path/history-limits';

export const { ConnectionType: CandidateConnection } = connectionTypes(Candidate, 'Candidate');

/** A candidate's restricted field: the cell the page joined, if it did, places the candidate for the check. */
const RestrictedCandidateField = () => Restricted<Candidate>({ organization: (candidate, ctx) => joinedRelation(ctx, candidate, 'cell') });

/** Facts of a step that only those who may read restricted fields see (the background check's content). */
const SENSITIVE_FACTS = new Set(['backgroundCheck']);

function redactFacts(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactFacts);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, SENSITIVE_FACTS.has(key) ? null : redactFacts(inner)]));
}

/** A step's facts are read by all who see the step; their background check is restricted, as its candidate's fields are. */
const RestrictedBackgroundCheck = () =>
  Restricted<CandidateStageEvent>({
    of: (event, ctx) => ctx.loaders.candidate.load(event.candidateId),
    part: { field: 'backgroundCheck', holds: (facts) => JSON.stringify(facts).includes('"backgroundCheck"'), redact: redactFacts },
  });

@Resolver(() => Candidate)
export class CandidateResolver {
  @Authorized()
  @Query(() => Candidate, { description: 'A candidate you may see; NOT_FOUND otherwise' })
  async candidate(@GlobalIdArg('id', 'Candidate') id: number, @Ctx() ctx: RequestContext): Promise<Candidate> {
    return (await loadFor<Candidate>(ctx, ctx.dataSource.manager, 'Candidate', id)).record;
  }

  @Authorized()
  @Query(() => CandidateConnection, { description: 'Candidates you may see; by name (Vietnamese order) unless orderBy says otherwise' })
  candidates(@Args() { filter, orderBy }: CandidateListArgs, @Args() page: PageArgs, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    const asked = nodeSelection(info);
    const selection: CandidateSelection = { fields: asked.fields };
    for (const relation of ['cell', 'school', 'mentor'] as const) if (asked.fields.has(relation)) selection[relation] = asked.subfields(relation);
    return listCandidates(ctx, filter, orderBy, pageSize(ctx.config, page.first), page.after, selection);
  }

  @Authorized()
  @Query(() => CandidateConnection, { description: "Candidates whose deadline is overdue or due within `withinDays` calendar days in the organization's subtree, overdue first" })
  deadlines(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('withinDays', () => Int, { defaultValue: 14 }) withinDays: number,
    @Args() page: PageArgs,
    @Ctx() ctx: RequestContext,
  ) {
    if (withinDays < 0 || withinDays > 366) throw badInput('withinDays must be from 0 to 366', [{ field: 'withinDays', message: 'out of range' }]);
    return listDeadlines(ctx, organizationId, withinDays, pageSize(ctx.config, page.first), page.after);
  }

  @Authorized()
  @Mutation(() => Candidate, { description: 'Records an outstanding person (quần chúng ưu tú) at stage SOURCE' })
  createCandidate(@Arg('input') input: CreateCandidateInput, @Ctx() ctx: RequestContext): Promise<Candidate> {
    return createCandidate(ctx, input);
  }

  @Authorized()
  @Mutation(() => Candidate, { description: "Edits a candidate's data (not the stage); needs the current version" })
  updateCandidate(@GlobalIdArg('id', 'Candidate') id: number, @Arg('input') input: UpdateCandidateInput, @Ctx() ctx: RequestContext): Promise<Candidate> {
    return updateCandidate(ctx, id, input);
  }

  @FieldResolver(() => String, { description: 'Vietnamese label of the stage' })
  stageLabel(@Root() candidate: Candidate): string {
    return STAGE_LABELS[candidate.stage];
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The cell developing the candidate' })
  cell(@Root() candidate: Candidate, @Ctx() ctx: RequestContext): Organization | Promise<Organization | null> {
    return joinedRelation(ctx, candidate, 'cell') ?? ctx.loaders.organization.load(candidate.organizationId);
  }

  @FieldResolver(() => School, { nullable: true, description: "The cell's school" })
  school(@Root() candidate: Candidate, @Ctx() ctx: RequestContext): School | null | Promise<School | null> {
    const joined = joinedRelation(ctx, candidate, 'school');
    return joined !== undefined ? joined : ctx.loaders.schoolOfOrganization.load(candidate.organizationId);
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The member assigned to help (đảng viên giúp đỡ)' })
  mentor(@Root() candidate: Candidate, @Ctx() ctx: RequestContext): Member | null | Promise<Member | null> {
    if (candidate.mentorId === null) return null;
    return joinedRelation(ctx, candidate, 'mentor') ?? ctx.loaders.member.load(candidate.mentorId);
  }

  @FieldResolver(() => [CandidateStallReason], { description: 'Why the candidate is stalled, if they are', complexity: listOf(Object.values(StallReason).length) })
  stallReasons(@Root() candidate: Candidate, @Ctx() ctx: RequestContext): Promise<CandidateStallReason[]> {
    return ctx.loaders.stallReasons.load(candidate.id);
  }

  // Costed as the most a history can hold (path/history-limits.ts).
  @FieldResolver(() => [CandidateStageEvent], { description: 'Every recorded step, oldest first', complexity: listOf(HISTORY_BOUND) })
  history(@Root() candidate: Candidate, @Ctx() ctx: RequestContext): Promise<CandidateStageEvent[]> {
    return ctx.loaders.history.load(candidate.id);
  }

  /** Lists leave the long text columns out; they are loaded (in one batch) when asked for. */
  private async text(candidate: Candidate, ctx: RequestContext, field: 'notes' | 'address' | 'email'): Promise<string | null> {
    return candidate[field] === undefined ? ((await ctx.loaders.candidateText.load(candidate.id))?.[field] ?? null) : candidate[field];
  }

  @RestrictedCandidateField()
  @FieldResolver(() => String, { nullable: true, description: "Restricted: family circumstances and the cell's notes; the cell's secretary and committees above see them, null for others" })
  notes(@Root() candidate: Candidate, @Ctx() ctx: RequestContext): Promise<string | null> {
    return this.text(candidate, ctx, 'notes');
  }

  @RestrictedCandidateField()
  @FieldResolver(() => String, { nullable: true, description: "Restricted: the cell's secretary and committees above see it; null for others" })
  nationalId(@Root() candidate: Candidate): string | null {
    return candidate.nationalId ?? null;
  }

  @RestrictedCandidateField()
  @FieldResolver(() => String, { nullable: true, description: 'Restricted, like nationalId' })
  phone(@Root() candidate: Candidate): string | null {
    return candidate.phone ?? null;
  }

  @RestrictedCandidateField()
  @FieldResolver(() => String, { nullable: true, description: 'Restricted, like nationalId' })
  email(@Root() candidate: Candidate, @Ctx() ctx: RequestContext): Promise<string | null> {
    return this.text(candidate, ctx, 'email');
  }

  @RestrictedCandidateField()
  @FieldResolver(() => String, { nullable: true, description: 'Restricted, like nationalId' })
  address(@Root() candidate: Candidate, @Ctx() ctx: RequestContext): Promise<string | null> {
    return this.text(candidate, ctx, 'address');
  }
}

@Resolver(() => CandidateStageEvent)
export class CandidateStageEventResolver {
  @RestrictedBackgroundCheck()
  @FieldResolver(() => GraphQLJSONObject, {
    nullable: true,
    description: "The facts of the step (decision number, vote...). Restricted part: the background check's content is null except for the cell's secretary and committees above",
  })
  facts(@Root() event: CandidateStageEvent): Record<string, unknown> | null {
    return event.facts ? (JSON.parse(event.facts) as Record<string, unknown>) : null;
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The cell the candidate belonged to at the time' })
  cell(@Root() event: CandidateStageEvent, @Ctx() ctx: RequestContext): Promise<Organization | null> {
    return ctx.loaders.organization.load(event.organizationId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who recorded it (null if you may not see that user)' })
  recordedBy(@Root() event: CandidateStageEvent, @Ctx() ctx: RequestContext): Promise<User | null> | null {
    return event.recordedByUserId === null ? null : ctx.loaders.user.load(event.recordedByUserId);
  }
}
