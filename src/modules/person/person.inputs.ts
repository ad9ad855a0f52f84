/**
 * The person fields a candidate's and a member's inputs share, declared once with their rules.
 * Every one is optional here (an update changes what it names); a create input makes the ones it
 * needs required by redeclaring their GraphQL type (`@Field() declare fullName: string`), and
 * keeps these rules.
 */
import { Field, InputType } from 'type-graphql';
import { IsOptional, Length, Matches } from 'class-validator';
import { Gender, PersonCategory } from '../../domain/enums';
import { LocalDateScalar } from '../../graphql/scalars';
import { NATIONAL_ID, NATIONAL_ID_RULE } from '../../common/national-id';
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
  @Matches(NATIONAL_ID, { message: `nationalId: ${NATIONAL_ID_RULE}` })
  nationalId?: string;
}
