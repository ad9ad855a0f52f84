/** The GraphQL input type of each step mutation of the path (shared by the path tests). */
export const STEP_INPUT_TYPES = {
  markSympathizer: 'MarkSympathizerInput',
  recordAwarenessClass: 'RecordAwarenessClassInput',
  openDossier: 'OpenDossierInput',
  recordCellResolution: 'CellResolutionInput',
  recordCommitteeResolution: 'CommitteeResolutionInput',
  recordAdmissionDecision: 'AdmissionDecisionInput',
  extendDecisionDeadline: 'ExtendDecisionDeadlineInput',
  recordCeremony: 'CeremonyInput',
  recordRecognitionResolution: 'RecognitionResolutionInput',
  recordRecognitionDecision: 'RecognitionDecisionInput',
  closeCandidate: 'CloseCandidateInput',
  reassignMentor: 'ReassignMentorInput',
  correctStep: 'CorrectStepInput',
} as const;

export type StepMutation = keyof typeof STEP_INPUT_TYPES;

/** What the path tests read of a candidate after a step (each test's own view adds what it asks for). */
export interface CandidatePathView {
  id: string;
  stage: string;
  stageSince: string;
  version: number;
  probationEndsOn: string | null;
  deadline: { kind: string; dueOn: string; overdue: boolean; workingDaysLeft: number } | null;
}
