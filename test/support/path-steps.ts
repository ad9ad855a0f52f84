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
