import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, IsOptional, MaxLength, Min, ValidateNested } from 'class-validator';
import { MemberStatus, PersonCategory } from '../../domain/enums';
import { LocalDateScalar } from '../../graphql/scalars';
import { PersonDataInput } from '../person/person.inputs';

/** What a cell keeps of a member besides the person fields; every field optional (an update changes what it names). */
@InputType()
export abstract class MemberDataInput extends PersonDataInput {
  @Field(() => MemberStatus, { nullable: true })
  @IsOptional()
  status?: MemberStatus;

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
}

@InputType({ description: 'A party member of a cell' })
export class CreateMemberInput extends MemberDataInput {
  @Field(() => ID, { description: 'The cell (SCHOOL_CELL)' })
  organizationId!: string;

  @Field()
  declare fullName: string;

  @Field(() => PersonCategory)
  declare category: PersonCategory;

  @Field(() => MemberStatus)
  declare status: MemberStatus;
}

@InputType()
export class UpdateMemberInput extends MemberDataInput {
  @Field(() => Int, { description: 'The version you read; a stale one is refused with CONFLICT' })
  @Min(1)
  version!: number;
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
