/**
 * The person fields a candidate's and a member's inputs share, declared once with their rules.
 * Every one is optional here (an update changes what it names); a create input makes the ones it
 * needs required by redeclaring their GraphQL type (`@Field() declare fullName: string`), and
 * keeps these rules.
 */
import { Field, InputType } from 'type-graphql';
import { IsOptional, Length, ValidateBy } from 'class-validator';
import { Gender, PersonCategory } from '../../domain/enums';
import { LocalDateScalar } from '../../graphql/scalars';
import { NATIONAL_ID_RULE, nationalIdProblem } from '../../common/national-id';
import { TextRules } from '../../graphql/text-input';

@InputType({ description: 'The person fields of a candidate or a member' })
export abstract class PersonDataInput {
  @Field({ nullable: true })
  @TextRules({ required: true })
  @IsOptional()
  @Length(2, 255)
  fullName?: string;

  @Field(() => LocalDateScalar, { nullable: true })
  @IsOptional()
  dateOfBirth?: string;

  @Field(() => Gender, { nullable: true })
  @IsOptional()
  gender?: Gender;

  @Field(() => PersonCategory, { nullable: true })
  @IsOptional()
  category?: PersonCategory;

  @Field(() => String, { nullable: true, description: 'Sensitive. Số CCCD: 12 digits (or 9 for an old ID card)' })
  @IsOptional()
  @IsNationalId()
  nationalId?: string;
}

/** The import's rule (common/national-id.ts), with its words: "5 digits: a national ID has exactly 12 digits…". */
function IsNationalId(): PropertyDecorator {
  return ValidateBy({
    name: 'isNationalId',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && nationalIdProblem(value) === null,
      defaultMessage: (args) => (typeof args?.value === 'string' ? nationalIdProblem(args.value) : null) ?? NATIONAL_ID_RULE,
    },
  });
}
