import { toGlobalId } from '../../src/graphql/global-id';
import type { TestServer } from './server';
import { gqlBatch } from './matrix';

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

export interface Reachable {
  /** "action candidateId" for every pair the caller can reach. */
  pairs: Set<string>;
}

/** The (action, candidate) pairs `authorization` can reach among `candidateIds`, asked of the API. */
export async function reachOf(server: TestServer, authorization: string, candidateIds: readonly number[], actions: readonly ProbeAction[] = PROBE_ACTIONS): Promise<Set<string>> {
  const asked: { action: ProbeAction; id: number }[] = [];
  for (const id of candidateIds) for (const action of actions) asked.push({ action, id });
  const results = await gqlBatch(
    server,
    authorization,
    asked.map((a) => probeQuery(a.action, a.id)),
  );
  const pairs = new Set<string>();
  results.forEach((result, i) => {
    const { action, id } = asked[i];
    const code = result.errors?.[0]?.extensions?.code;
    const accepted = action === 'read' ? !result.errors?.length && (result.data as { r?: unknown } | null)?.r != null : code === 'CONFLICT';
    const refused = action === 'read' ? code === 'NOT_FOUND' : code === 'NOT_FOUND' || code === 'FORBIDDEN';
    if (!accepted && !refused) throw new Error(`probe ${action} on candidate ${id} answered ${JSON.stringify(result.errors ?? result.data)}`);
    if (accepted) pairs.add(`${action} ${id}`);
  });
  return pairs;
}
