import { toGlobalId } from '../../src/graphql/global-id';

/**
 * What a caller can actually do to a candidate, asked of the mutations themselves: each probe
 * sends a valid input with a version nobody holds. A step checks who may take it before the
 * version, so CONFLICT means "accepted", NOT_FOUND or FORBIDDEN means "refused", and nothing is
 * ever written. Any other answer is a broken probe and fails the test.
 */
export const PROBE_ACTIONS = ['read', 'update', 'recordCellStep', 'recordAwarenessClass', 'resolveAsCommittee', 'decide', 'correctStep', 'closeAsDropped'] as const;
export type ProbeAction = (typeof PROBE_ACTIONS)[number];

const STALE = 999_999;

/** The `can(action, "Candidate", id)` action each probe corresponds to (closeCandidate(DROPPED) is any of two). */
export const CAN_ACTIONS: Record<ProbeAction, string[]> = {
  read: ['read'],
  update: ['update'],
  recordCellStep: ['recordCellStep'],
  recordAwarenessClass: ['recordAwarenessClass'],
  resolveAsCommittee: ['resolveAsCommittee'],
  decide: ['decide'],
  correctStep: ['correctStep'],
  closeAsDropped: ['recordCellStep', 'close'],
};

export function probeQuery(action: ProbeAction, candidateId: number): string {
  const id = JSON.stringify(toGlobalId('Candidate', candidateId));
  const step = `candidateId: ${id}, version: ${STALE}`;
  switch (action) {
    case 'read':
      return `{ r: candidate(id: ${id}) { id } }`;
    case 'update':
      return `mutation { r: updateCandidate(id: ${id}, input: { version: ${STALE}, fullName: "Thăm dò" }) { id } }`;
    case 'recordCellStep':
      return `mutation { r: markSympathizer(input: { ${step}, resolutionDate: "2026-01-06", mentorId: ${JSON.stringify(toGlobalId('Member', 1))} }) { id } }`;
    case 'recordAwarenessClass':
      return `mutation { r: recordAwarenessClass(input: { ${step}, certificateNumber: "1-CN", certificateDate: "2026-01-06", issuingCentre: "Trung tâm Chính trị" }) { id } }`;
    case 'resolveAsCommittee':
      return `mutation { r: recordCommitteeResolution(input: { ${step}, resolutionDate: "2026-01-06", resolutionNumber: "1-NQ/ĐU" }) { id } }`;
    case 'decide':
      return `mutation { r: recordAdmissionDecision(input: { ${step}, decisionDate: "2026-01-06", decisionNumber: "1-QĐ/TU", signer: "Bí thư" }) { id } }`;
    case 'correctStep':
      return `mutation { r: correctStep(input: { ${step}, eventId: ${JSON.stringify(toGlobalId('StageEvent', 1))}, reason: "Thăm dò" }) { id } }`;
    case 'closeAsDropped':
      return `mutation { r: closeCandidate(input: { ${step}, outcome: DROPPED, reasonText: "Thăm dò", date: "2026-01-06" }) { id } }`;
  }
}

/** What a probe's answer means: accepted, refused, or neither (a broken probe). */
export function probeOutcome(action: ProbeAction, result: { data?: unknown; errors?: { extensions?: { code?: unknown } }[] }): 'accepted' | 'refused' | 'broken' {
  const code = result.errors?.[0]?.extensions?.code;
  if (action === 'read') {
    if (!result.errors?.length && (result.data as { r?: unknown } | null | undefined)?.r != null) return 'accepted';
    return code === 'NOT_FOUND' ? 'refused' : 'broken';
  }
  if (code === 'CONFLICT') return 'accepted';
  return code === 'NOT_FOUND' || code === 'FORBIDDEN' ? 'refused' : 'broken';
}
