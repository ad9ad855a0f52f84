import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { CandidateStage, EducationLevel, StageEventKind, StallReason } from '../../domain/enums';
import { Node } from '../node/node.interface';
import { toGlobalId } from '../../graphql/global-id';
import { LocalDateScalar } from '../../graphql/scalars';
import type { Projection } from '../../graphql/projection';
import { PersonRecord } from '../person/person.record';

/** A person the cell is developing towards membership (quần chúng ưu tú → đảng viên chính thức). */
@Entity('candidate')
@Index('idx_candidate_org_sort', ['organizationId', 'sortName', 'id'])
@Index('idx_candidate_org_stage', ['organizationId', 'stage', 'deadlineOn'])
@Index('idx_candidate_tenant_stage', ['tenantId', 'stage'])
@ObjectType({ implements: Node, description: 'A candidate for party membership' })
export class Candidate extends PersonRecord(true) implements Node {
  @PrimaryGeneratedColumn()
  id!: number;

  get nodeId(): string {
    return toGlobalId('Candidate', this.id);
  }

  @Field(() => Int, { nullable: true, description: 'Grade (lớp) for students, 10 to 12' })
  @Column({ type: 'int', nullable: true })
  grade!: number | null;

  @Field(() => CandidateStage)
  @Column({ type: 'varchar', length: 32 })
  stage!: CandidateStage;

  @Field(() => LocalDateScalar, { description: 'Date the current stage was reached' })
  @Column({ name: 'stage_since', type: 'date' })
  stageSince!: string;

  @Index('idx_candidate_mentor')
  @Column({ name: 'mentor_id', type: 'int', nullable: true })
  mentorId!: number | null;

  @Field({ description: 'Đoàn viên Đoàn TNCS Hồ Chí Minh' })
  @Column({ name: 'youth_union_member', type: 'boolean', default: false })
  youthUnionMember!: boolean;

  @Field(() => EducationLevel)
  @Column({ name: 'education_level', type: 'varchar', length: 32 })
  educationLevel!: EducationLevel;

  /** Sensitive contact details. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  address!: string | null;

  /** Sensitive: family circumstances and other notes of the cell (exposed by the resolver). */
  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Field(() => String, { nullable: true, description: 'Awareness-class certificate number (giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng)' })
  @Column({ name: 'awareness_certificate_number', type: 'varchar', length: 64, nullable: true })
  awarenessCertificateNumber!: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  @Column({ name: 'awareness_certificate_on', type: 'date', nullable: true })
  awarenessCertificateOn!: string | null;

  @Field(() => String, { nullable: true, description: 'The political centre that issued the certificate' })
  @Column({ name: 'awareness_certificate_centre', type: 'varchar', length: 255, nullable: true })
  awarenessCertificateCentre!: string | null;

  /** What the next deadline is for (DeadlineKind), and its date: kept with each step so lists can filter on it. */
  @Column({ name: 'deadline_kind', type: 'varchar', length: 32, nullable: true })
  deadlineKind!: string | null;

  @Column({ name: 'deadline_on', type: 'date', nullable: true })
  deadlineOn!: string | null;

  @Field({ description: 'Whether the decision deadline was extended (once, by 30 working days)' })
  @Column({ name: 'decision_extended', type: 'boolean', default: false })
  decisionExtended!: boolean;

  @Field(() => LocalDateScalar, { nullable: true, description: 'End of the 12 months of probation' })
  @Column({ name: 'probation_ends_on', type: 'date', nullable: true })
  probationEndsOn!: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "Date of the cell's resolution proposing official recognition" })
  @Column({ name: 'recognition_resolved_on', type: 'date', nullable: true })
  recognitionResolvedOn!: string | null;

  /** The member row the ceremony created. */
  @Column({ name: 'member_id', type: 'int', nullable: true })
  memberId!: number | null;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Field()
  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;

  @Field(() => Int, { description: 'Optimistic concurrency version: send it back with every change' })
  @VersionColumn()
  version!: number;
}

/** Columns fetched lazily by `loaders.candidateText` when a field asks for them: lists leave them out. */
export const LAZY_CANDIDATE_COLUMNS = ['notes', 'address', 'email'] as const;

/** What a list reads of a candidate for the fields asked of it (see Projection). */
export const CANDIDATE_PROJECTION: Projection = {
  // The permission view (the cell, the mentor) and what the restricted fields' audit records.
  always: ['id', 'tenantId', 'organizationId', 'mentorId'],
  reads: { stageLabel: ['stage'], cell: [], school: [], mentor: [], stallReasons: [], history: [] },
  lazy: LAZY_CANDIDATE_COLUMNS,
};

/** One reason a candidate is stalled (seed 000: vướng lý lịch, sắp nghỉ hưu...). */
@Entity('candidate_stall_reason')
@ObjectType({ description: 'A reason a candidate is not progressing' })
export class CandidateStallReason {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('idx_stall_reason_candidate')
  @Column({ name: 'candidate_id', type: 'int' })
  candidateId!: number;

  @Field(() => StallReason)
  @Column({ type: 'varchar', length: 32 })
  reason!: StallReason;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @Field(() => LocalDateScalar)
  @Column({ name: 'recorded_on', type: 'date' })
  recordedOn!: string;
}

/** One step in a candidate's history: who recorded what, when, with the facts. */
@Entity('candidate_stage_event')
@Index('idx_stage_event_candidate', ['candidateId', 'id'])
@Index('idx_stage_event_figures', ['tenantId', 'toStage', 'occurredOn', 'kind', 'corrected', 'organizationId', 'candidateId'])
@ObjectType({ description: "One recorded step in a candidate's history" })
export class CandidateStageEvent {
  @PrimaryGeneratedColumn()
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Global id, for correctStep' })
  get eventId(): string {
    return toGlobalId('StageEvent', this.id);
  }

  @Column({ name: 'candidate_id', type: 'int' })
  candidateId!: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId!: number;

  /** The cell the candidate belonged to when the step happened. */
  @Column({ name: 'organization_id', type: 'int' })
  organizationId!: number;

  @Field(() => StageEventKind)
  @Column({ type: 'varchar', length: 32, default: StageEventKind.STEP })
  kind!: StageEventKind;

  @Field(() => CandidateStage, { nullable: true })
  @Column({ name: 'from_stage', type: 'varchar', length: 32, nullable: true })
  fromStage!: CandidateStage | null;

  @Field(() => CandidateStage)
  @Column({ name: 'to_stage', type: 'varchar', length: 32 })
  toStage!: CandidateStage;

  @Field(() => LocalDateScalar, { description: 'When the step happened (the date on the document)' })
  @Column({ name: 'occurred_on', type: 'date' })
  occurredOn!: string;

  @Field({ description: 'When it was recorded in ketnap' })
  @CreateDateColumn({ name: 'recorded_at', type: 'datetime' })
  recordedAt!: Date;

  @Column({ name: 'recorded_by_user_id', type: 'int', nullable: true })
  recordedByUserId!: number | null;

  /** The step's facts as JSON (decision number, vote...). */
  @Column({ type: 'text', nullable: true })
  facts!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  note!: string | null;

  /** For a CORRECTION: the event it corrects. */
  @Column({ name: 'corrects_event_id', type: 'int', nullable: true })
  correctsEventId!: number | null;

  @Field({ description: 'Whether a later correction replaced this event' })
  @Column({ type: 'boolean', default: false })
  corrected!: boolean;
}
