import { Field, Float, Int, ObjectType } from 'type-graphql';
import { CandidateStage, PersonCategory, SchoolLevel, StallReason } from '../../domain/enums';
import { TargetMetric } from './target.entity';
import { Period } from './period';
import { listOf } from '../../graphql/limits';

/** A figure split by the values of an enum has at most one row per value. */
const byEach = (values: object) => listOf(Object.values(values).length);

/**
 * Statistics of a subtree: figures only, never a name or a personal record.
 *
 * The figure types are plain values whose fields are named like their properties and have no
 * middleware: `simpleResolvers` lets GraphQL read them directly instead of through a wrapper per
 * field (a city report with its communes is some 8,000 fields). Fields with a resolver of their
 * own (Statistics.byChild, organization...) keep it.
 */
@ObjectType({ simpleResolvers: true })
export class LevelCount {
  @Field(() => SchoolLevel)
  level!: SchoolLevel;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ simpleResolvers: true })
export class SchoolLevelFigures {
  @Field(() => SchoolLevel)
  level!: SchoolLevel;

  @Field(() => Int)
  schools!: number;

  @Field(() => Int, { description: 'Schools with a party organization of their own (cell or school committee)' })
  withPartyOrganization!: number;
}

@ObjectType({ simpleResolvers: true })
export class SchoolFigures {
  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  withPartyOrganization!: number;

  @Field(() => [SchoolLevelFigures], { complexity: byEach(SchoolLevel) })
  byLevel!: SchoolLevelFigures[];
}

@ObjectType({ simpleResolvers: true })
export class CellFigures {
  @Field(() => Int)
  total!: number;

  @Field(() => Int, { description: 'Cells whose secretary is the principal (Bí thư là Hiệu trưởng)' })
  withPrincipalSecretary!: number;
}

/** Managers, teachers and staff (from the schools' headcounts), and the party members among them. */
@ObjectType({ simpleResolvers: true })
abstract class StaffCounts {
  @Field(() => Int)
  managers!: number;

  @Field(() => Int)
  teachers!: number;

  @Field(() => Int)
  staff!: number;

  @Field(() => Int, { description: 'managers + teachers + staff' })
  total!: number;

  @Field(() => Int, { description: 'Party members among managers, teachers and staff at the end of the period' })
  members!: number;

  @Field(() => Int, { description: 'Of them, teachers' })
  teacherMembers!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Managers, teachers and staff of the schools of one level, and the party members among them' })
export class StaffLevelFigures extends StaffCounts {
  @Field(() => SchoolLevel)
  level!: SchoolLevel;

  @Field(() => Float, { nullable: true, description: 'members / total, from 0 to 1 (null without headcounts of the level)' })
  membersRatio!: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'Managers, teachers and staff, and the party members among them' })
export class StaffFigures extends StaffCounts {
  @Field(() => Int)
  students!: number;

  @Field(() => Int)
  grade12Students!: number;

  @Field(() => Int)
  officialMembers!: number;

  @Field(() => Int)
  probationaryMembers!: number;

  @Field(() => Int, { description: 'Student party members (not part of the ratio)' })
  studentMembers!: number;

  @Field(() => Float, { nullable: true, description: 'members / total, from 0 to 1 (null without headcounts)' })
  membersRatio!: number | null;

  @Field(() => [StaffLevelFigures], {
    description: "The same per school level: headcounts by their school's level, members by their cell's school (a cell under a school committee: the committee's school)",
    complexity: byEach(SchoolLevel),
  })
  byLevel!: StaffLevelFigures[];
}

@ObjectType({ simpleResolvers: true })
export class CategoryCount {
  @Field(() => PersonCategory)
  category!: PersonCategory;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Steps taken in the period' })
export class StepFigures {
  @Field(() => Int)
  total!: number;

  @Field(() => [CategoryCount], { complexity: byEach(PersonCategory) })
  byCategory!: CategoryCount[];

  @Field(() => [LevelCount], { description: "By the level of the cell's school", complexity: byEach(SchoolLevel) })
  byLevel!: LevelCount[];
}

@ObjectType({ simpleResolvers: true })
export class StageCount {
  @Field(() => CandidateStage)
  stage!: CandidateStage;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ simpleResolvers: true })
export class ReasonCount {
  @Field(() => StallReason)
  reason!: StallReason;

  @Field(() => Int)
  count!: number;
}

/** A yearly target and what the period achieved of it. */
@ObjectType({ simpleResolvers: true })
abstract class TargetFigures {
  @Field(() => TargetMetric)
  metric!: TargetMetric;

  @Field(() => Int)
  target!: number;

  @Field(() => Int)
  result!: number;
}

@ObjectType({ simpleResolvers: true, description: 'A target against its result' })
export class TargetResult extends TargetFigures {
  @Field()
  reached!: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'An organization behind one of its own targets' })
export class TargetBehind extends TargetFigures {
  /** Resolved to the organization by the resolver. */
  organizationId!: number;
}

@ObjectType({ simpleResolvers: true, description: 'The figures a committee reads for a subtree' })
export class Statistics {
  /** Resolved to the organization by the resolver. */
  organizationId!: number;

  @Field(() => Period)
  period!: Period;

  @Field(() => SchoolFigures)
  schools!: SchoolFigures;

  @Field(() => CellFigures)
  cells!: CellFigures;

  @Field(() => StaffFigures)
  staff!: StaffFigures;

  @Field(() => StepFigures, { description: 'Admission decisions in the period' })
  admissions!: StepFigures;

  @Field(() => StepFigures, { description: 'Official recognitions in the period' })
  officialRecognitions!: StepFigures;

  @Field(() => StepFigures, { description: 'People who completed the awareness class in the period' })
  awarenessClass!: StepFigures;

  @Field(() => Int, { description: 'Students among them' })
  awarenessClassStudents!: number;

  @Field(() => [StageCount], { description: 'Candidates by stage at the end of the period', complexity: byEach(CandidateStage) })
  candidatesByStage!: StageCount[];

  @Field(() => [ReasonCount], { description: 'Active candidates stalled, by reason (today)', complexity: byEach(StallReason) })
  stalledByReason!: ReasonCount[];

  @Field(() => Int, { description: 'Candidates whose deadline has passed (today)' })
  overdueDeadlines!: number;

  @Field(() => [TargetResult], { description: "Targets of the period's year (summed over the subtree) against results", complexity: byEach(TargetMetric) })
  targets!: TargetResult[];

  /** Filled for the report's root only. */
  behind!: TargetBehind[];

  /** Filled for the report's root only. */
  children!: Statistics[];
}

@ObjectType({ simpleResolvers: true })
export class LevelRatio {
  @Field(() => SchoolLevel)
  level!: SchoolLevel;

  @Field(() => Float, { nullable: true })
  membersRatio!: number | null;
}

@ObjectType({ simpleResolvers: true, description: "A sibling's headline figures, for comparison (no rows of theirs)" })
export class HeadlineFigures {
  /** Resolved by the resolver. */
  organizationId!: number;

  @Field(() => Float, { nullable: true })
  membersRatio!: number | null;

  @Field(() => Int)
  admissions!: number;

  @Field(() => [LevelRatio], { description: 'membersRatio per school level', complexity: byEach(SchoolLevel) })
  membersRatioByLevel!: LevelRatio[];
}
