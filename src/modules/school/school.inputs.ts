import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { SchoolLevel } from '../../domain/enums';
import { TextRules } from '../../graphql/text-input';

@InputType({ description: 'Headcounts of a school for one school year' })
export class HeadcountInput {
  @Field(() => Int, { description: 'Year the school year starts in (2025 for 2025-2026)' })
  @Min(1990)
  @Max(2100)
  schoolYear!: number;

  @Field(() => Int)
  @Min(0)
  @Max(100000)
  managers!: number;

  @Field(() => Int)
  @Min(0)
  @Max(100000)
  teachers!: number;

  @Field(() => Int)
  @Min(0)
  @Max(100000)
  staff!: number;

  @Field(() => Int)
  @Min(0)
  @Max(1000000)
  students!: number;

  @Field(() => Int, { defaultValue: 0 })
  @Min(0)
  @Max(1000000)
  grade12Students!: number;
}

@InputType({ description: 'A school created together with its cell' })
export class NewSchoolInput {
  @Field()
  @Length(2, 255)
  name!: string;

  @Field(() => SchoolLevel)
  level!: SchoolLevel;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'code may hold only letters A-Z, digits, ".", "_" and "-"' })
  code?: string;

  @Field(() => [HeadcountInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  headcounts?: HeadcountInput[];
}

@InputType({ description: 'A new school' })
export class CreateSchoolInput extends NewSchoolInput {
  @Field(() => ID, { description: "Its school cell or school committee, or, without one, the committee of its area" })
  organizationId!: string;
}

@InputType()
export class UpdateSchoolInput {
  @Field({ nullable: true })
  @TextRules({ required: true })
  @IsOptional()
  @Length(2, 255)
  name?: string;

  @Field(() => SchoolLevel, { nullable: true })
  @IsOptional()
  level?: SchoolLevel;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'code may hold only letters A-Z, digits, ".", "_" and "-"' })
  code?: string;

  @Field(() => [HeadcountInput], { nullable: true, description: 'Headcounts to add or replace, by school year' })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  headcounts?: HeadcountInput[];

  @Field(() => Int, { description: 'The version you read; a stale one is refused with CONFLICT' })
  @Min(1)
  version!: number;
}

@InputType()
export class SchoolFilter {
  @Field(() => ID, { nullable: true, description: 'Only schools of this organization and everything under it' })
  @IsOptional()
  under?: string;

  @Field(() => [SchoolLevel], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  levels?: SchoolLevel[];

  @Field(() => String, { nullable: true, description: 'Part of the name; diacritics and case are ignored' })
  @IsOptional()
  @MaxLength(100)
  search?: string;
}

@ArgsType()
export class SchoolListArgs {
  @Field(() => SchoolFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: SchoolFilter;
}
