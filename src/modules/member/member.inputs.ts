import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Gender, MemberStatus, PersonCategory } from '../../domain/enums';
import { LocalDateScalar } from '../../graphql/scalars';
import { NATIONAL_ID, NATIONAL_ID_RULE } from '../../common/national-id';
import { TextRules } from '../../graphql/text-input';


@InputType({ description: 'A party member of a cell' })
export class CreateMemberInput {
  @Field(() => ID, { description: 'The cell (SCHOOL_CELL)' })
  organizationId!: string;

  @Field()
  @Length(2, 255)
  fullName!: string;

  @Field(() => PersonCategory)
  category!: PersonCategory;

  @Field(() => MemberStatus)
  status!: MemberStatus;

  @Field(() => LocalDateScalar, { nullable: true })
  @IsOptional()
  dateOfBirth?: string;

  @Field(() => Gender, { nullable: true })
  @IsOptional()
  gender?: Gender;

  @Field(() => LocalDateScalar, { nullable: true })
  @IsOptional()
  admittedOn?: string;

  @Field(() => LocalDateScalar, { nullable: true })
  @IsOptional()
  officialOn?: string;

  @Field({ nullable: true, description: "Make this member the cell's secretary (the previous one stops being it)" })
  @IsOptional()
  isSecretary?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  isPrincipal?: boolean;

  @Field(() => String, { nullable: true, description: 'Số CCCD: 12 digits (or 9 for an old ID card)' })
  @IsOptional()
  @Matches(NATIONAL_ID, { message: `nationalId: ${NATIONAL_ID_RULE}` })
  nationalId?: string;
}

@InputType()
export class UpdateMemberInput {
  @Field({ nullable: true })
  @TextRules({ required: true })
  @IsOptional()
  @Length(2, 255)
  fullName?: string;

  @Field(() => PersonCategory, { nullable: true })
  @IsOptional()
  category?: PersonCategory;

  @Field(() => MemberStatus, { nullable: true })
  @IsOptional()
  status?: MemberStatus;

  @Field(() => LocalDateScalar, { nullable: true })
  @IsOptional()
  dateOfBirth?: string;

  @Field(() => Gender, { nullable: true })
  @IsOptional()
  gender?: Gender;

  @Field(() => LocalDateScalar, { nullable: true })
  @IsOptional()
  admittedOn?: string;

  @Field(() => LocalDateScalar, { nullable: true })
  @IsOptional()
  officialOn?: string;

  @Field({ nullable: true })
  @IsOptional()
  isSecretary?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  isPrincipal?: boolean;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(NATIONAL_ID, { message: `nationalId: ${NATIONAL_ID_RULE}` })
  nationalId?: string;

  @Field({ nullable: true, description: 'The version you read; a stale one is refused with CONFLICT' })
  @IsOptional()
  version?: number;
}

@InputType()
export class MemberFilter {
  @Field(() => ID, { nullable: true, description: 'Only members of cells under this organization' })
  @IsOptional()
  under?: string;

  @Field(() => [MemberStatus], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(2)
  statuses?: MemberStatus[];

  @Field(() => [PersonCategory], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(4)
  categories?: PersonCategory[];

  @Field({ nullable: true })
  @IsOptional()
  isSecretary?: boolean;

  @Field(() => String, { nullable: true, description: 'Part of the name; diacritics and case are ignored' })
  @IsOptional()
  @MaxLength(100)
  search?: string;
}

@ArgsType()
export class MemberListArgs {
  @Field(() => MemberFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: MemberFilter;
}
