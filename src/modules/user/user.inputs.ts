import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { IsEmail, IsOptional, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Role } from '../../domain/enums';
import { User } from './user.entity';
import { TextRules } from '../../graphql/text-input';
import { PASSWORD_LENGTH_MESSAGE, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../common/password';

@ArgsType()
export class LoginArgs {
  @Field()
  @MaxLength(255)
  // Emails are ASCII (createUser): another one cannot be an account, and MySQL's ASCII column could not compare it.
  @Matches(/^[\x21-\x7e]*$/, { message: 'email must be written in ASCII (an international domain in its xn-- form)' })
  email!: string;

  @Field()
  @TextRules({ secret: true })
  @MaxLength(200)
  password!: string;
}

@ObjectType({ description: 'A signed session token and who it is for' })
export class AuthPayload {
  @Field({ description: 'Send as "Authorization: Bearer <token>"' })
  token!: string;

  @Field()
  expiresAt!: Date;

  @Field(() => User)
  user!: User;
}

@InputType()
export class CreateUserInput {
  @Field()
  @IsEmail({ allow_utf8_local_part: false }, { message: 'email is not a valid address' })
  @Matches(/^[\x21-\x7e]+$/, { message: 'email must be written in ASCII (an international domain in its xn-- form)' })
  @MaxLength(255)
  email!: string;

  @Field()
  @Length(2, 255)
  displayName!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => ID, { nullable: true, description: 'The organization the user acts for (none only for system administrators)' })
  @IsOptional()
  organizationId?: string;

  @Field(() => ID, { nullable: true, description: 'For MENTOR users: the member they are' })
  @IsOptional()
  memberId?: string;

  @Field({ description: 'At least 10 characters' })
  @TextRules({ secret: true })
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, { message: PASSWORD_LENGTH_MESSAGE })
  password!: string;
}

@InputType()
export class UpdateUserInput {
  @Field({ nullable: true })
  @TextRules({ required: true })
  @IsOptional()
  @Length(2, 255)
  displayName?: string;

  @Field({ nullable: true, description: 'A disabled user cannot log in and their tokens stop working' })
  @IsOptional()
  disabled?: boolean;

  @Field({ nullable: true, description: 'A new password; existing tokens stop working' })
  @TextRules({ secret: true })
  @IsOptional()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, { message: PASSWORD_LENGTH_MESSAGE })
  password?: string;
}

@InputType()
export class UserFilter {
  @Field(() => ID, { nullable: true, description: 'Only users acting for this organization or under it' })
  @IsOptional()
  under?: string;

  @Field(() => [Role], { nullable: true })
  @IsOptional()
  roles?: Role[];
}

@ArgsType()
export class UserListArgs {
  @Field(() => UserFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: UserFilter;
}
