import { CandidateStage } from '../../src/domain/enums';
import type { StageStepSeed } from '../../src/modules/candidate/candidate.rows';

/**
 * A dated history through every stage to probation, for a cell under a commune (with the
 * committee's resolution). Probation ends 2026-03-24: the cell may consider recognition before
 * the tests' today. Tests whose dates matter differently keep their own.
 */
export const COMMUNE_CELL_PATH: readonly StageStepSeed[] = [
  { stage: CandidateStage.SOURCE, on: '2024-09-02' },
  { stage: CandidateStage.SYMPATHIZER, on: '2024-10-01' },
  { stage: CandidateStage.TRAINED, on: '2024-11-01', facts: { certificateNumber: '15-CN/TTCT', issuingCentre: 'Trung tâm Chính trị phường' } },
  { stage: CandidateStage.DOSSIER, on: '2025-01-10' },
  { stage: CandidateStage.CELL_RESOLVED, on: '2025-02-03' },
  { stage: CandidateStage.COMMITTEE_RESOLVED, on: '2025-02-17' },
  { stage: CandidateStage.ADMITTED, on: '2025-03-03' },
  { stage: CandidateStage.PROBATIONARY, on: '2025-03-24' },
];

/** The steps of `path` up to and including `stage`. */
export const upTo = (stage: CandidateStage, path: readonly StageStepSeed[] = COMMUNE_CELL_PATH): StageStepSeed[] => path.slice(0, path.findIndex((s) => s.stage === stage) + 1);
