import type { EntityManager } from 'typeorm';
import type { Organization } from '../organization/organization.entity';
import type { Member } from '../member/member.entity';
import type { User } from '../user/user.entity';
import { Candidate, CandidateStageEvent, CandidateStallReason } from './candidate.entity';
import { CandidateStage, StageEventKind, type EducationLevel, type Gender, type PersonCategory, type StallReason } from '../../domain/enums';
import { nameKeys, normalizeText } from '../../common/text';
import { addMonths } from '../../common/dates';
import { placedIn } from '../organization/organization.rows';

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

/** The person a new candidate is: what createCandidate and the writers below share. */
export interface CandidatePerson {
  fullName: string;
  dateOfBirth: string;
  gender: Gender;
  category: PersonCategory;
  educationLevel: EducationLevel;
  grade?: number | null;
  youthUnionMember?: boolean;
  nationalId?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  notes?: string | null;
}

export interface CandidateSeed extends CandidatePerson {
  mentor?: Member | null;
  /** The steps taken, in order; the first is SOURCE. The candidate ends at the last one's stage. */
  steps: StageStepSeed[];
  stallReasons?: { reason: StallReason; note?: string; recordedOn: string }[];
}

/**
 * A new candidate's row, not yet saved: its cell and tenant, the person (the name normalized, with
 * its keys; what is not given is null), and where it stands on the path since when.
 */
export function newCandidate(em: EntityManager, cell: Pick<Organization, 'id' | 'tenantId'>, person: CandidatePerson, at: { stage: CandidateStage; since: string; mentorId: number | null }): Candidate {
  const fullName = normalizeText(person.fullName);
  return em.create(Candidate, {
    ...placedIn(cell),
    fullName,
    ...nameKeys(fullName),
    dateOfBirth: person.dateOfBirth,
    gender: person.gender,
    category: person.category,
    grade: person.grade ?? null,
    stage: at.stage,
    stageSince: at.since,
    mentorId: at.mentorId,
    youthUnionMember: person.youthUnionMember ?? false,
    educationLevel: person.educationLevel,
    nationalId: person.nationalId ?? null,
    phone: person.phone ?? null,
    email: person.email ?? null,
    address: person.address ?? null,
    notes: person.notes ?? null,
  });
}

export async function insertCandidate(em: EntityManager, cell: Organization, seed: CandidateSeed, recordedBy: User | null = null): Promise<Candidate> {
  if (seed.steps.length === 0 || seed.steps[0].stage !== CandidateStage.SOURCE) {
    throw new Error(`Seed candidate ${seed.fullName} must start at SOURCE`);
  }
  const moves = seed.steps.filter((step) => (step.kind ?? StageEventKind.STEP) === StageEventKind.STEP);
  const last = moves[moves.length - 1];
  // What the steps leave on the candidate: the certificate, the probation. Deadlines: refreshDeadlines().
  const trained = moves.find((step) => step.stage === CandidateStage.TRAINED);
  const ceremony = moves.find((step) => step.stage === CandidateStage.PROBATIONARY);
  const recognitionProposed = seed.steps.find((step) => step.kind === StageEventKind.RECOGNITION_PROPOSED);
  const candidate = await em.save(
    Object.assign(newCandidate(em, cell, seed, { stage: last.stage, since: last.on, mentorId: seed.mentor?.id ?? null }), {
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
      ...placedIn(cell),
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
