import type { TestServer } from './server';
import { gqlBatch } from './http';
import { PROBE_ACTIONS, probeOutcome, probeQuery, type ProbeAction } from './probes';

export { CAN_ACTIONS, PROBE_ACTIONS, probeQuery, type ProbeAction } from './probes';

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
    const outcome = probeOutcome(action, result);
    if (outcome === 'broken') throw new Error(`probe ${action} on candidate ${id} answered ${JSON.stringify(result.errors ?? result.data)}`);
    if (outcome === 'accepted') pairs.add(`${action} ${id}`);
  });
  return pairs;
}
