import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { CandidateStage, StallReason } from '../../../domain/enums';
import { LocalDateScalar } from '../../../graphql/scalars';
import { MultiLineText } from '../../../graphql/text-input';

/** Every step names the candidate and the version the caller read (stale → CONFLICT). */
@InputType()
abstract class StepInput {
  @Field(() => ID)
  candidateId!: string;

  @Field(() => Int, { description: "The candidate's version you read" })
  @Min(1)
  version!: number;

  @Field(() => String, { nullable: true })
  @MultiLineText()
  @IsOptional()
  @MaxLength(1000)
  note?: string;
}

@InputType({ description: 'Cell resolution making the candidate a sympathizer (cảm tình Đảng), with the member assigned to help' })
export class MarkSympathizerInput extends StepInput {
  @Field(() => LocalDateScalar)
  resolutionDate!: string;

  @Field(() => ID, { description: 'An official member of the cell' })
  mentorId!: string;
}

@InputType({ description: 'The awareness class (lớp bồi dưỡng nhận thức về Đảng) and its certificate' })
export class RecordAwarenessClassInput extends StepInput {
  @Field()
  @Length(1, 64)
  certificateNumber!: string;

  @Field(() => LocalDateScalar)
  certificateDate!: string;

  @Field({ description: 'The political centre that issued it' })
  @Length(2, 255)
  issuingCentre!: string;
}

@InputType({ description: 'The Youth Union committee that introduces a Youth Union member of youth age' })
export class YouthUnionIntroductionInput {
  @Field({ description: 'e.g. "Ban Chấp hành Đoàn trường THPT Đốc Binh Kiều"' })
  @Length(2, 255)
  committeeName!: string;

  @Field(() => LocalDateScalar)
  resolutionDate!: string;
}

@InputType({ description: 'The dossier: application (1-KNĐ), biography (2-KNĐ), background check, introducers' })
export class OpenDossierInput extends StepInput {
  @Field(() => LocalDateScalar)
  applicationDate!: string;

  @Field(() => LocalDateScalar)
  biographyDate!: string;

  @Field({ description: 'Conclusion of the background verification (thẩm tra lý lịch)' })
  @MultiLineText()
  @Length(2, 2000)
  backgroundCheckResult!: string;

  @Field(() => LocalDateScalar)
  backgroundCheckDate!: string;

  @Field(() => [ID], { description: 'Two official members of the cell; one when the Youth Union introduces' })
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  introducerIds!: string[];

  @Field(() => YouthUnionIntroductionInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  youthUnion?: YouthUnionIntroductionInput;
}

@InputType({ description: 'An approved exception to the age limit (over 60)' })
export class AgeExceptionInput {
  @Field({ description: 'Reference of the approval' })
  @Length(2, 255)
  reference!: string;

  @Field(() => LocalDateScalar)
  approvedOn!: string;
}

/** A cell meeting's vote: official members present, for, against. */
@InputType()
abstract class CellVoteInput extends StepInput {
  @Field(() => LocalDateScalar)
  meetingDate!: string;

  @Field(() => Int, { description: 'Official members present' })
  @Min(0)
  @Max(10000)
  present!: number;

  @Field(() => Int)
  @Min(0)
  @Max(10000)
  votesFor!: number;

  @Field(() => Int)
  @Min(0)
  @Max(10000)
  votesAgainst!: number;
}

@InputType({ description: "The cell's resolution proposing admission, with its vote" })
export class CellResolutionInput extends CellVoteInput {
  @Field(() => AgeExceptionInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  ageException?: AgeExceptionInput;
}

@InputType({ description: "The grassroots committee's resolution (nghị quyết đảng ủy cơ sở)" })
export class CommitteeResolutionInput extends StepInput {
  @Field(() => LocalDateScalar)
  resolutionDate!: string;

  @Field({ description: 'e.g. "45-NQ/ĐU"' })
  @Length(1, 64)
  resolutionNumber!: string;
}

@InputType({ description: 'The admission decision (quyết định kết nạp)' })
export class AdmissionDecisionInput extends StepInput {
  @Field(() => LocalDateScalar)
  decisionDate!: string;

  @Field({ description: 'e.g. "1234-QĐ/HU"' })
  @Length(1, 64)
  decisionNumber!: string;

  @Field({ description: 'Who signed it' })
  @Length(2, 255)
  signer!: string;
}

@InputType({ description: 'The one extension of the decision deadline, by 30 working days' })
export class ExtendDecisionDeadlineInput extends StepInput {
  @Field(() => LocalDateScalar)
  extendedOn!: string;

  @Field()
  @MultiLineText()
  @Length(2, 1000)
  reason!: string;
}

@InputType({ description: 'The admission ceremony (lễ kết nạp): probation starts' })
export class CeremonyInput extends StepInput {
  @Field(() => LocalDateScalar)
  ceremonyDate!: string;
}

@InputType({ description: "The cell's resolution proposing official recognition after the probation" })
export class RecognitionResolutionInput extends CellVoteInput {}

@InputType({ description: "The committee's decision recognizing an official member" })
export class RecognitionDecisionInput extends StepInput {
  @Field(() => LocalDateScalar)
  decisionDate!: string;

  @Field()
  @Length(1, 64)
  decisionNumber!: string;
}

@InputType({ description: 'A way out: dropped, rejected, or probation not recognised (xóa tên)' })
export class CloseCandidateInput extends StepInput {
  @Field(() => CandidateStage, { description: 'DROPPED, REJECTED or PROBATION_NOT_RECOGNIZED' })
  outcome!: CandidateStage;

  @Field(() => StallReason, { nullable: true, description: 'The enumerated reason, if one fits' })
  @IsOptional()
  reason?: StallReason;

  @Field({ description: 'The reason in words' })
  @MultiLineText()
  @Length(2, 1000)
  reasonText!: string;

  @Field(() => LocalDateScalar)
  date!: string;
}

@InputType({ description: 'A new member assigned to help' })
export class ReassignMentorInput extends StepInput {
  @Field(() => ID)
  mentorId!: string;

  @Field(() => LocalDateScalar)
  date!: string;
}

@InputType({ description: 'A committee correcting a wrongly recorded step; kept in the history with its reason' })
export class CorrectStepInput extends StepInput {
  @Field(() => ID, { description: 'The history event to correct (id from Candidate.history)' })
  eventId!: string;

  @Field()
  @MultiLineText()
  @Length(2, 1000)
  reason!: string;

  @Field({ nullable: true, description: "Undo the step: the candidate returns to the stage before it (only the latest step)" })
  @IsOptional()
  revert?: boolean;

  @Field(() => LocalDateScalar, { nullable: true, description: 'The right date of the step' })
  @IsOptional()
  occurredOn?: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Facts to change, merged into the recorded ones' })
  @IsOptional()
  facts?: Record<string, unknown>;
}
