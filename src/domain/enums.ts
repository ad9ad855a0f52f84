import { registerEnumType } from 'type-graphql';
import * as labels from './labels';

/** Kinds of party organization (domain.md, "Names in the code"). */
export enum OrganizationKind {
  /** Thành ủy / Tỉnh ủy / Thị ủy / Huyện ủy: any committee above the communes; they may nest. */
  CITY_COMMITTEE = 'CITY_COMMITTEE',
  /** Đảng ủy xã / phường / thị trấn. */
  COMMUNE_COMMITTEE = 'COMMUNE_COMMITTEE',
  /** Đảng bộ trường: a large school's own committee over its cells. */
  SCHOOL_COMMITTEE = 'SCHOOL_COMMITTEE',
  /** Chi bộ trường: holds members and candidates. */
  SCHOOL_CELL = 'SCHOOL_CELL',
}

/** Organizations that are a school's own: they hold at most one school. */
export const SCHOOL_ORGANIZATION_KINDS: readonly OrganizationKind[] = [OrganizationKind.SCHOOL_CELL, OrganizationKind.SCHOOL_COMMITTEE];

export enum SchoolLevel {
  PRESCHOOL = 'PRESCHOOL',
  PRIMARY = 'PRIMARY',
  LOWER_SECONDARY = 'LOWER_SECONDARY',
  UPPER_SECONDARY = 'UPPER_SECONDARY',
  CONTINUING = 'CONTINUING',
  HIGHER = 'HIGHER',
}

export enum PersonCategory {
  MANAGER = 'MANAGER',
  TEACHER = 'TEACHER',
  STAFF = 'STAFF',
  STUDENT = 'STUDENT',
}

export enum Gender {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}

export enum MemberStatus {
  /** Đảng viên dự bị. */
  PROBATIONARY = 'PROBATIONARY',
  /** Đảng viên chính thức. */
  OFFICIAL = 'OFFICIAL',
}

/** A candidate's place on the path (domain.md, "A candidate's way"), and the ways out. */
export enum CandidateStage {
  SOURCE = 'SOURCE',
  SYMPATHIZER = 'SYMPATHIZER',
  TRAINED = 'TRAINED',
  DOSSIER = 'DOSSIER',
  CELL_RESOLVED = 'CELL_RESOLVED',
  COMMITTEE_RESOLVED = 'COMMITTEE_RESOLVED',
  ADMITTED = 'ADMITTED',
  PROBATIONARY = 'PROBATIONARY',
  OFFICIAL = 'OFFICIAL',
  DROPPED = 'DROPPED',
  REJECTED = 'REJECTED',
  PROBATION_NOT_RECOGNIZED = 'PROBATION_NOT_RECOGNIZED',
}

/** What a history event records. */
export enum StageEventKind {
  /** A step on the path (or a way out). */
  STEP = 'STEP',
  MENTOR_CHANGED = 'MENTOR_CHANGED',
  DEADLINE_EXTENDED = 'DEADLINE_EXTENDED',
  /** The cell's resolution proposing official recognition (the stage stays PROBATIONARY). */
  RECOGNITION_PROPOSED = 'RECOGNITION_PROPOSED',
  /** A committee's correction of an earlier event, with the reason; the original is kept. */
  CORRECTION = 'CORRECTION',
}

export enum EducationLevel {
  PRIMARY = 'PRIMARY',
  LOWER_SECONDARY = 'LOWER_SECONDARY',
  UPPER_SECONDARY = 'UPPER_SECONDARY',
  VOCATIONAL = 'VOCATIONAL',
  COLLEGE = 'COLLEGE',
  UNIVERSITY = 'UNIVERSITY',
  POSTGRADUATE = 'POSTGRADUATE',
}

/** Why a candidate has stalled (seeds 000 and 004). */
export enum StallReason {
  /** Vướng lý lịch. */
  BACKGROUND_ISSUE = 'BACKGROUND_ISSUE',
  /** Hạn chế về trình độ chuyên môn. */
  QUALIFICATION = 'QUALIFICATION',
  /** Chưa đủ 18 tuổi. */
  UNDER_AGE = 'UNDER_AGE',
  /** Lớn tuổi, sắp nghỉ hưu. */
  NEAR_RETIREMENT = 'NEAR_RETIREMENT',
  /** Hoàn cảnh gia đình, kinh tế. */
  FAMILY_OR_ECONOMIC = 'FAMILY_OR_ECONOMIC',
  /** Chưa muốn vào Đảng. */
  NOT_WILLING = 'NOT_WILLING',
  /** Chuyển công tác / chuyển trường. */
  TRANSFERRED = 'TRANSFERRED',
  OTHER = 'OTHER',
}

export enum Role {
  SYSTEM_ADMIN = 'SYSTEM_ADMIN',
  /** Ban Thường vụ / Ban Tổ chức of a city, commune or school committee. */
  COMMITTEE = 'COMMITTEE',
  /** Bí thư chi bộ. */
  CELL_SECRETARY = 'CELL_SECRETARY',
  /** Đảng viên được phân công giúp đỡ: sees the candidates they help. */
  MENTOR = 'MENTOR',
  /** Reporting clients and dashboards: statistics only, no personal records. */
  REPORTER = 'REPORTER',
}

/** The labels of every value (src/domain/labels.ts, shared with the web client); the types make sure none is missing. */
export const ORGANIZATION_KIND_LABELS: Record<OrganizationKind, string> = labels.ORGANIZATION_KIND_LABELS;
export const STAGE_LABELS: Record<CandidateStage, string> = labels.STAGE_LABELS;
export const ROLE_LABELS: Record<Role, string> = labels.ROLE_LABELS;
export const CATEGORY_LABELS: Record<PersonCategory, string> = labels.CATEGORY_LABELS;
export const GENDER_LABELS: Record<Gender, string> = labels.GENDER_LABELS;
export const EDUCATION_LABELS: Record<EducationLevel, string> = labels.EDUCATION_LABELS;
export const SCHOOL_LEVEL_LABELS: Record<SchoolLevel, string> = labels.SCHOOL_LEVEL_LABELS;
export const STALL_REASON_LABELS: Record<StallReason, string> = labels.STALL_REASON_LABELS;

registerEnumType(OrganizationKind, { name: 'OrganizationKind', description: 'Kind of party organization' });
registerEnumType(SchoolLevel, { name: 'SchoolLevel', description: 'Bậc học' });
registerEnumType(PersonCategory, { name: 'PersonCategory', description: 'Manager, teacher, staff or student' });
registerEnumType(Gender, { name: 'Gender' });
registerEnumType(MemberStatus, { name: 'MemberStatus', description: 'Probationary (dự bị) or official (chính thức)' });
registerEnumType(CandidateStage, { name: 'CandidateStage', description: "A candidate's stage on the path to membership" });
registerEnumType(EducationLevel, { name: 'EducationLevel', description: 'Highest general or professional education' });
registerEnumType(StallReason, { name: 'StallReason', description: 'Why a candidate is not progressing' });
registerEnumType(StageEventKind, { name: 'StageEventKind', description: 'What a history event records' });
registerEnumType(Role, { name: 'Role', description: 'What a user acts as' });
