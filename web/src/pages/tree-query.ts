import { graphql } from '../gql';
import { schoolYearOf, todayInVietnam } from '../format';

/** The tree screen's one request: the organization, its children, and the figures of both for the school year. */
export const OrganizationTree = graphql(`
  query OrganizationTree($id: ID!, $period: PeriodInput, $withStatistics: Boolean!) {
    organization(id: $id) {
      id
      name
      kindLabel
      depth
      ancestors { id name depth }
      children { id name kindLabel }
      moves { movedOn reason fromParent { name } toParent { name } }
    }
    statistics(organizationId: $id, period: $period) @include(if: $withStatistics) {
      ...Headline
      byChild { organization { id name kindLabel } ...Headline }
    }
  }
  fragment Headline on Statistics {
    staff { total members membersRatio }
    admissions { total }
    candidatesByStage { stage count }
    overdueDeadlines
  }
`);

export function treeVariables(id: string, withStatistics: boolean) {
  return { id, period: { schoolYear: schoolYearOf(todayInVietnam()) }, withStatistics };
}

/**
 * The tree is read from the cache (so the request sent at start-up is not sent again), and
 * dropped from it when a write returns a candidate or a member: the figures then change.
 */
export const TREE_CONTEXT = { additionalTypenames: ['Candidate', 'Member'] };
