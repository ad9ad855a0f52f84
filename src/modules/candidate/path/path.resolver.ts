import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Candidate } from '../candidate.entity';
import { Organization } from '../../organization/organization.entity';
import type { RequestContext } from '../../../graphql/context';
import { todayInVietnam } from '../../../common/dates';
import { LocalDateScalar } from '../../../graphql/scalars';
import { listOf } from '../../../graphql/limits';
import {
  AdmissionDecisionInput,
  CeremonyInput,
  CellResolutionInput,
  CloseCandidateInput,
  CommitteeResolutionInput,
  CorrectStepInput,
  ExtendDecisionDeadlineInput,
  MarkSympathizerInput,
  OpenDossierInput,
  ReassignMentorInput,
  RecognitionDecisionInput,
  RecognitionResolutionInput,
  RecordAwarenessClassInput,
} from './path.inputs';
import * as steps from './path.steps';
import { correctStep } from './path.corrections';
import { Deadline, deadlineView, failingRules, NextStep, nextStepFor } from './path-state';
import { placesAmong } from './path.service';
import { eligibleFrom, eligibleUntil, RuleCheck } from './rules';

/** The steps of the path, one mutation each, and what the path says about a candidate. */
@Resolver(() => Candidate)
export class CandidatePathResolver {
  @Authorized()
  @Mutation(() => Candidate, { description: 'Cell resolution: the candidate becomes a sympathizer (cảm tình Đảng) with a mentor. Cell secretary.' })
  markSympathizer(@Arg('input') input: MarkSympathizerInput, @Ctx() ctx: RequestContext): Promise<Candidate> {
    return steps.markSympathizer(ctx, input);
  }

  @Authorized()
  @Mutation(() => Candidate, { description: 'The awareness class and its certificate. Cell secretary or a committee above.' })
  recordAwarenessClass(@Arg('input') input: RecordAwarenessClassInput, @Ctx() ctx: RequestContext): Promise<Candidate> {
    return steps.recordAwarenessClass(ctx, input);
  }

  @Authorized()
  @Mutation(() => Candidate, { description: 'The dossier: application, biography, background check, introducers. Cell secretary.' })
  openDossier(@Arg('input') input: OpenDossierInput, @Ctx() ctx: RequestContext): Promise<Candidate> {
    return steps.openDossier(ctx, input);
  }

  @Authorized()
  @Mutation(() => Candidate, { description: "The cell's resolution and vote (at least 2/3 of its official members). Cell secretary." })
  recordCellResolution(@Arg('input') input: CellResolutionInput, @Ctx() ctx: RequestContext): Promise<Candidate> {
    return steps.recordCellResolution(ctx, input);
  }

  @Authorized()
  @Mutation(() => Candidate, { description: 'The grassroots committee directly above the cell resolves (only for cells under one). That committee.' })
  recordCommitteeResolution(@Arg('input') input: CommitteeResolutionInput, @Ctx() ctx: RequestContext): Promise<Candidate> {
    return steps.recordCommitteeResolution(ctx, input);
  }

  @Authorized()
  @Mutation(() => Candidate, { description: 'The admission decision. The committee holding that authority over the cell.' })
  recordAdmissionDecision(@Arg('input') input: AdmissionDecisionInput, @Ctx() ctx: RequestContext): Promise<Candidate> {
    return steps.recordAdmissionDecision(ctx, input);
  }

  @Authorized()
  @Mutation(() => Candidate, { description: 'Extends the decision deadline once, by 30 working days, with a reason. The deciding committee.' })
  extendDecisionDeadline(@Arg('input') input: ExtendDecisionDeadlineInput, @Ctx() ctx: RequestContext): Promise<Candidate> {
    return steps.extendDecisionDeadline(ctx, input);
  }

  @Authorized()
  @Mutation(() => Candidate, { description: 'The admission ceremony: the candidate becomes a probationary member of the cell. Cell secretary.' })
  recordCeremony(@Arg('input') input: CeremonyInput, @Ctx() ctx: RequestContext): Promise<Candidate> {
    return steps.recordCeremony(ctx, input);
  }

  @Authorized()
  @Mutation(() => Candidate, { description: "The cell's resolution proposing official recognition, after the probation. Cell secretary." })
  recordRecognitionResolution(@Arg('input') input: RecognitionResolutionInput, @Ctx() ctx: RequestContext): Promise<Candidate> {
    return steps.recordRecognitionResolution(ctx, input);
  }

  @Authorized()
  @Mutation(() => Candidate, { description: 'The decision recognizing the official member. The deciding committee.' })
  recordRecognitionDecision(@Arg('input') input: RecognitionDecisionInput, @Ctx() ctx: RequestContext): Promise<Candidate> {
    return steps.recordRecognitionDecision(ctx, input);
  }

  @Authorized()
  @Mutation(() => Candidate, { description: 'A way out with its reason: DROPPED (cell or committee), REJECTED, PROBATION_NOT_RECOGNIZED (deciding committee).' })
  closeCandidate(@Arg('input') input: CloseCandidateInput, @Ctx() ctx: RequestContext): Promise<Candidate> {
    return steps.closeCandidate(ctx, input);
  }

  @Authorized()
  @Mutation(() => Candidate, { description: 'Assigns another official member of the cell to help. Cell secretary.' })
  reassignMentor(@Arg('input') input: ReassignMentorInput, @Ctx() ctx: RequestContext): Promise<Candidate> {
    return steps.reassignMentor(ctx, input);
  }

  @Authorized()
  @Mutation(() => Candidate, { description: 'Corrects or undoes a wrongly recorded step, with a reason kept in the history. Committees only.' })
  correctStep(@Arg('input') input: CorrectStepInput, @Ctx() ctx: RequestContext): Promise<Candidate> {
    return correctStep(ctx, input);
  }

  @FieldResolver(() => LocalDateScalar, { description: "The first day of the age rule: the day the candidate is 18 full years old (216 full months); the cell's vote may be held from this day" })
  eligibleFrom(@Root() candidate: Candidate, @Ctx() ctx: RequestContext): string {
    return eligibleFrom(ctx.config.rules, candidate.dateOfBirth);
  }

  @FieldResolver(() => LocalDateScalar, {
    description: "The last day of the age rule: \"full 60 years, counted in months\" holds while the age is at most 720 full months, i.e. to the day before 60 years and 1 month; a vote after it needs a recorded exception",
  })
  eligibleUntil(@Root() candidate: Candidate, @Ctx() ctx: RequestContext): string {
    return eligibleUntil(ctx.config.rules, candidate.dateOfBirth);
  }

  // At most four rules are checked: minimum and maximum age, education, certificate.
  @FieldResolver(() => [RuleCheck], { description: 'Rules the candidate fails today for the steps ahead (age, education, the certificate before the dossier and before the vote)', complexity: listOf(4) })
  failingRules(@Root() candidate: Candidate, @Ctx() ctx: RequestContext): RuleCheck[] {
    return failingRules(candidate, todayInVietnam(), ctx.config.rules);
  }

  @FieldResolver(() => Deadline, { nullable: true, description: 'The next deadline in working days (decision, ceremony, recognition)' })
  async deadline(@Root() candidate: Candidate, @Ctx() ctx: RequestContext): Promise<Deadline | null> {
    if (!candidate.deadlineKind || !candidate.deadlineOn) return null;
    return deadlineView(candidate.deadlineKind, candidate.deadlineOn, todayInVietnam(), await ctx.loaders.workingCalendar());
  }

  @FieldResolver(() => NextStep, { nullable: true, description: 'What is required next and by whom (null once the path has ended)' })
  async nextStep(@Root() candidate: Candidate, @Ctx() ctx: RequestContext): Promise<NextStep | null> {
    const cell = await ctx.loaders.organization.load(candidate.organizationId);
    if (!cell) return null;
    const ancestors = (await ctx.loaders.organization.loadMany(cell.ancestorIds)).filter((row): row is Organization => row instanceof Organization);
    return nextStepFor(candidate, placesAmong(cell, ancestors));
  }
}

@Resolver(() => NextStep)
export class NextStepResolver {
  @FieldResolver(() => Organization, { nullable: true, description: 'The organization that records the step (null if you may not see it)' })
  organization(@Root() step: NextStep, @Ctx() ctx: RequestContext): Promise<Organization | null> | null {
    return step.organizationId === null ? null : ctx.loaders.organization.load(step.organizationId);
  }
}
