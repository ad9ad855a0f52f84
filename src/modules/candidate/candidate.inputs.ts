import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, IsEmail, IsOptional, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CandidateStage, EducationLevel, Gender, PersonCategory, SchoolLevel, StallReason } from '../../domain/enums';
import { LocalDateScalar } from '../../graphql/scalars';
import { MultiLineText } from '../../graphql/text-input';
import { PersonDataInput } from '../person/person.inputs';

const PHONE = /^\+?[0-9 .-]{8,20}$/;

@InputType({ description: 'A reason the candidate is stalled' })
export class StallReasonInput {
  @Field(() => StallReason)
  reason!: StallReason;

  @Field(() => String, { nullable: true })
  @MultiLineText()
  @IsOptional()
  @MaxLength(500)
  note?: string;
}

@InputType({ description: 'The data of a candidate that the cell keeps' })
export class CandidateDataInput extends PersonDataInput {
  @Field(() => Int, { nullable: true, description: 'Grade for students (10 to 12)' })
  @IsOptional()
  @Min(1)
  @Max(12)
  grade?: number;

  @Field(() => EducationLevel, { nullable: true })
  @IsOptional()
  educationLevel?: EducationLevel;

  @Field({ nullable: true })
  @IsOptional()
  youthUnionMember?: boolean;

  @Field(() => ID, { nullable: true, description: 'A member of the same cell assigned to help; null removes the mentor' })
  @IsOptional()
  mentorId?: string | null;

  @Field(() => String, { nullable: true, description: 'Sensitive' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be 8 to 20 digits' })
  phone?: string;

  @Field(() => String, { nullable: true, description: 'Sensitive' })
  @IsOptional()
  @IsEmail({}, { message: 'email is not a valid address' })
  @MaxLength(255)
  email?: string;

  @Field(() => String, { nullable: true, description: 'Sensitive' })
  @IsOptional()
  @MaxLength(500)
  address?: string;

  @Field(() => String, { nullable: true })
  @MultiLineText()
  @IsOptional()
  @MaxLength(5000)
  notes?: string;

  @Field(() => [StallReasonInput], { nullable: true, description: 'Replaces the reasons the candidate is stalled; [] clears them' })
  @IsOptional()
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  stallReasons?: StallReasonInput[];
}

@InputType({ description: 'A new candidate, identified as an outstanding person (SOURCE)' })
export class CreateCandidateInput extends CandidateDataInput {
  @Field(() => ID, { description: 'The cell developing the candidate' })
  organizationId!: string;

  @Field()
  declare fullName: string;

  @Field(() => LocalDateScalar)
  declare dateOfBirth: string;

  @Field(() => Gender)
  declare gender: Gender;

  @Field(() => PersonCategory)
  declare category: PersonCategory;

  @Field(() => EducationLevel)
  declare educationLevel: EducationLevel;

  @Field(() => LocalDateScalar, { nullable: true, description: 'When the cell identified the candidate (defaults to today)' })
  @IsOptional()
  identifiedOn?: string;
}

@InputType({ description: "Changes to a candidate's data (not their stage)" })
export class UpdateCandidateInput extends CandidateDataInput {
  @Field(() => Int, { description: 'The version you read; a stale one is refused with CONFLICT' })
  @Min(1)
  version!: number;
}

export enum CandidateSortField {
  NAME = 'NAME',
  DATE_OF_BIRTH = 'DATE_OF_BIRTH',
  STAGE_SINCE = 'STAGE_SINCE',
  CREATED = 'CREATED',
}

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(CandidateSortField, { name: 'CandidateSortField' });
registerEnumType(SortDirection, { name: 'SortDirection' });

@InputType()
export class CandidateOrder {
  @Field(() => CandidateSortField, { defaultValue: CandidateSortField.NAME })
  field!: CandidateSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction!: SortDirection;
}

@InputType({ description: 'Filters for candidates; all given filters must hold' })
export class CandidateFilter {
  @Field(() => ID, { nullable: true, description: 'Only candidates of cells under this organization' })
  @IsOptional()
  under?: string;

  @Field(() => [CandidateStage], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(12)
  stages?: CandidateStage[];

  @Field(() => [PersonCategory], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(4)
  categories?: PersonCategory[];

  @Field(() => [SchoolLevel], { nullable: true, description: "Level of the cell's school" })
  @IsOptional()
  @ArrayMaxSize(6)
  schoolLevels?: SchoolLevel[];

  @Field(() => [StallReason], { nullable: true, description: 'Candidates stalled for any of these reasons' })
  @IsOptional()
  @ArrayMaxSize(8)
  stallReasons?: StallReason[];

  @Field(() => ID, { nullable: true, description: 'Candidates helped by this member' })
  @IsOptional()
  mentorId?: string;

  @Field({ nullable: true, description: 'Only candidates whose deadline has passed (true) or has not (false)' })
  @IsOptional()
  overdue?: boolean;

  @Field(() => Int, { nullable: true, description: 'Only candidates with a deadline from today to this many days ahead' })
  @IsOptional()
  @Min(0)
  @Max(3660)
  dueWithinDays?: number;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Only candidates who are 18 by this date (e.g. grade-12 students before graduation)' })
  @IsOptional()
  eligibleBy?: string;

  @Field(() => String, { nullable: true, description: 'Part of the name; diacritics and case are ignored' })
  @IsOptional()
  @MaxLength(100)
  search?: string;
}

@ArgsType()
export class CandidateListArgs {
  @Field(() => CandidateFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: CandidateFilter;

  @Field(() => CandidateOrder, { nullable: true, description: 'Default: by name (Vietnamese order), then id' })
  @IsOptional()
  @ValidateNested()
  orderBy?: CandidateOrder;
}
