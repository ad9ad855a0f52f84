import type { EntityManager } from 'typeorm';
import type { Organization } from '../organization/organization.entity';
import type { Member } from '../member/member.entity';
import type { User } from '../user/user.entity';
import { Candidate, CandidateStageEvent, CandidateStallReason } from './candidate.entity';
import { CandidateStage, StageEventKind, type EducationLevel, type Gender, type PersonCategory, type StallReason } from '../../domain/enums';
import { nameKeys, normalizeText } from '../../common/text';
import { addMonths } from '../../common/dates';

/** Seeds follow the default rule (12 months); a deployment with another setting refreshes them through the API. */
const PROBATION_MONTHS = 12;

/**
 * Low-level writers of candidate rows: they insert what they are told, computing their tenant, name keys and the history their steps leave,
 * without permission checks. The services call them after checking; the demo and scale tools
 * and test factories call them directly.
 */

export interface StageStepSeed {
  /** A step (the default) moves the candidate to `stage`; another kind of event (RECOGNITION_PROPOSED...) leaves the stage as it is. */
  kind?: StageEventKind;
  stage: CandidateStage;
  on: string;
  facts?: Record<string, unknown>;
  note?: string;
}

export interface CandidateSeed {
  fullName: string;
  dateOfBirth: string;
  gender: Gender;
  category: PersonCategory;
  educationLevel: EducationLevel;
  grade?: number | null;
  youthUnionMember?: boolean;
  mentor?: Member | null;
  nationalId?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  notes?: string | null;
  /** The steps taken, in order; the first is SOURCE. The candidate ends at the last one's stage. */
  steps: StageStepSeed[];
  stallReasons?: { reason: StallReason; note?: string; recordedOn: string }[];
}

export async function insertCandidate(em: EntityManager, cell: Organization, seed: CandidateSeed, recordedBy: User | null = null): Promise<Candidate> {
  if (seed.steps.length === 0 || seed.steps[0].stage !== CandidateStage.SOURCE) {
    throw new Error(`Seed candidate ${seed.fullName} must start at SOURCE`);
  }
  const fullName = normalizeText(seed.fullName);
  const moves = seed.steps.filter((step) => (step.kind ?? StageEventKind.STEP) === StageEventKind.STEP);
  const last = moves[moves.length - 1];
  // What the steps leave on the candidate: the certificate, the probation. Deadlines: refreshDeadlines().
  const trained = moves.find((step) => step.stage === CandidateStage.TRAINED);
  const ceremony = moves.find((step) => step.stage === CandidateStage.PROBATIONARY);
  const recognitionProposed = seed.steps.find((step) => step.kind === StageEventKind.RECOGNITION_PROPOSED);
  const candidate = await em.save(
    em.create(Candidate, {
      tenantId: cell.tenantId,
      organizationId: cell.id,
      fullName,
      ...nameKeys(fullName),
      dateOfBirth: seed.dateOfBirth,
      gender: seed.gender,
      category: seed.category,
      grade: seed.grade ?? null,
      stage: last.stage,
      stageSince: last.on,
      mentorId: seed.mentor?.id ?? null,
      youthUnionMember: seed.youthUnionMember ?? false,
      educationLevel: seed.educationLevel,
      nationalId: seed.nationalId ?? null,
      phone: seed.phone ?? null,
      email: seed.email ?? null,
      address: seed.address ?? null,
      notes: seed.notes ?? null,
      awarenessCertificateOn: trained?.on ?? null,
      awarenessCertificateNumber: trained ? String(trained.facts?.certificateNumber ?? 'không rõ số') : null,
      awarenessCertificateCentre: trained && typeof trained.facts?.issuingCentre === 'string' ? trained.facts.issuingCentre : null,
      probationEndsOn: ceremony ? addMonths(ceremony.on, PROBATION_MONTHS) : null,
      recognitionResolvedOn: last.stage === CandidateStage.PROBATIONARY ? (recognitionProposed?.on ?? null) : null,
    }),
  );
  let previous: CandidateStage | null = null;
  const events: Partial<CandidateStageEvent>[] = [];
  for (const step of seed.steps) {
    const kind = step.kind ?? StageEventKind.STEP;
    events.push({
      candidateId: candidate.id,
      tenantId: cell.tenantId,
      organizationId: cell.id,
      kind,
      fromStage: previous,
      // As the API records it: an event that is not a step keeps the stage the candidate is at.
      toStage: kind === StageEventKind.STEP ? step.stage : (previous ?? step.stage),
      occurredOn: step.on,
      recordedByUserId: recordedBy?.id ?? null,
      facts: step.facts ? JSON.stringify(step.facts) : null,
      note: step.note ?? null,
    });
    if (kind === StageEventKind.STEP) previous = step.stage;
  }
  await em.insert(CandidateStageEvent, events);
  if (seed.stallReasons?.length) {
    await em.insert(
      CandidateStallReason,
      seed.stallReasons.map((r) => ({ candidateId: candidate.id, reason: r.reason, note: r.note ?? null, recordedOn: r.recordedOn })),
    );
  }
  return candidate;
}
