import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { OrganizationKind } from '../../domain/enums';
import { LocalDateScalar } from '../../graphql/scalars';
import { NewSchoolInput } from '../school/school.inputs';
import { MultiLineText, TextRules } from '../../graphql/text-input';

export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const CODE_MESSAGE = 'code may hold only letters A-Z, digits, ".", "_" and "-"';

@InputType({ description: 'A new party organization' })
export class CreateOrganizationInput {
  @Field(() => ID, { nullable: true, description: 'The organization above it; omitted only for a new tenant (system administrators)' })
  @IsOptional()
  parentId?: string;

  @Field()
  @Length(2, 255)
  name!: string;

  @Field(() => OrganizationKind)
  kind!: OrganizationKind;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 64)
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code?: string;

  @Field({ nullable: true, description: 'Defaults to true for city committees, false otherwise' })
  @IsOptional()
  mayDecideAdmission?: boolean;

  @Field(() => NewSchoolInput, { nullable: true, description: "The school of a school cell or school committee, created with it" })
  @IsOptional()
  @ValidateNested()
  school?: NewSchoolInput;
}

@InputType()
export class UpdateOrganizationInput {
  @Field({ nullable: true })
  @TextRules({ required: true })
  @IsOptional()
  @Length(2, 255)
  name?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 64)
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code?: string;

  @Field({ nullable: true })
  @IsOptional()
  mayDecideAdmission?: boolean;

  @Field(() => Int, { description: 'The version you read; a stale one is refused with CONFLICT' })
  @Min(1)
  version!: number;
}

@InputType()
export class MoveOrganizationInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The new parent' })
  newParentId!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Effective date of the move (defaults to today)' })
  @IsOptional()
  movedOn?: string;

  @Field(() => String, { nullable: true })
  @MultiLineText()
  @IsOptional()
  @MaxLength(500)
  reason?: string;
}

@InputType({ description: 'Filters for organizations; all given filters must hold' })
export class OrganizationFilter {
  @Field(() => ID, { nullable: true, description: 'Only this organization and everything under it' })
  @IsOptional()
  under?: string;

  @Field(() => ID, { nullable: true, description: 'Only the direct children of this organization' })
  @IsOptional()
  parentId?: string;

  @Field(() => [OrganizationKind], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  kinds?: OrganizationKind[];

  @Field(() => String, { nullable: true, description: 'Part of the name; diacritics and case are ignored' })
  @IsOptional()
  @MaxLength(100)
  search?: string;
}

@ArgsType()
export class OrganizationListArgs {
  @Field(() => OrganizationFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: OrganizationFilter;
}
