import { toGlobalId } from '../src/graphql/global-id';
import type { Fixtures } from './fixtures';

/**
 * The five scenarios of the benchmark. Each is one GraphQL document sent by one user; the
 * list scenarios take the page size as `$first`, so the same document runs at 10, 50 and 100
 * rows to show that the number of SQL statements does not depend on it.
 */
export interface Scenario {
  key: 'q1' | 'q2' | 'q3' | 'q4' | 'q5';
  name: string;
  /** E-mail of the user who sends it. */
  user: string;
  query: string;
  /** Variables at a page size (ignored by scenarios without a page). */
  variables(first: number): Record<string, unknown>;
  paged: boolean;
  mutation?: boolean;
}

export const PAGE_SIZES = [10, 50, 100];
export const MEASURED_PAGE_SIZE = 50;

const CANDIDATE_PAGE_FIELDS = 'totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id fullName stage stageSince cell { name } school { name level } mentor { fullName } } }';

/** The stage and category filter of scenario 2 (the floor uses the same lists). */
export const Q2_STAGES = ['SYMPATHIZER', 'TRAINED', 'DOSSIER'];
export const Q2_CATEGORIES = ['TEACHER'];

export function scenarios(f: Fixtures): Scenario[] {
  const cityId = toGlobalId('Organization', f.city.organizationId);
  const cellId = toGlobalId('Organization', f.secretary.organizationId);
  return [
    {
      key: 'q1',
      name: '1. page of 50 candidates of a commune, cell/school/mentor nested',
      user: f.commune.email,
      paged: true,
      query: `query Q1($first: Int!) { candidates(first: $first) { ${CANDIDATE_PAGE_FIELDS} } }`,
      variables: (first) => ({ first }),
    },
    {
      key: 'q2',
      name: '2. city scope, filtered by stage and category, sorted by stage date',
      user: f.city.email,
      paged: true,
      query: `query Q2($first: Int!, $stages: [CandidateStage!], $categories: [PersonCategory!]) {
  candidates(first: $first, filter: { stages: $stages, categories: $categories }, orderBy: { field: STAGE_SINCE, direction: DESC }) { ${CANDIDATE_PAGE_FIELDS} }
}`,
      variables: (first) => ({ first, stages: Q2_STAGES, categories: Q2_CATEGORIES }),
    },
    {
      key: 'q3',
      name: "3. the city's statistics with the per-commune breakdown (byChild)",
      user: f.city.email,
      paged: false,
      query: `query Q3($org: ID!) {
  statistics(organizationId: $org) {
    period { label from to }
    schools { total withPartyOrganization byLevel { level schools withPartyOrganization } }
    cells { total withPrincipalSecretary }
    staff { total teachers members officialMembers probationaryMembers teacherMembers studentMembers membersRatio }
    admissions { total byCategory { category count } byLevel { level count } }
    officialRecognitions { total }
    awarenessClass { total byCategory { category count } }
    awarenessClassStudents
    candidatesByStage { stage count }
    stalledByReason { reason count }
    overdueDeadlines
    targets { metric target result reached }
    byChild {
      organization { id name }
      schools { total withPartyOrganization }
      cells { total }
      staff { total members membersRatio }
      admissions { total }
      awarenessClass { total }
      candidatesByStage { stage count }
      overdueDeadlines
      targets { metric target result reached }
    }
  }
}`,
      variables: () => ({ org: cityId }),
    },
    {
      key: 'q4',
      name: "4. a cell secretary's candidates, deadlines (30 days) and cell statistics",
      user: f.secretary.email,
      paged: true,
      query: `query Q4($first: Int!, $cell: ID!) {
  candidates(first: $first) { totalCount nodes { id fullName stage stageSince mentor { fullName } deadline { kind dueOn workingDaysLeft overdue } } }
  deadlines(organizationId: $cell, withinDays: 30, first: $first) { totalCount nodes { id fullName stage deadline { kind dueOn workingDaysLeft overdue } } }
  statistics(organizationId: $cell) { cells { total withPrincipalSecretary } staff { members membersRatio } candidatesByStage { stage count } overdueDeadlines admissions { total } awarenessClass { total } }
}`,
      variables: (first) => ({ first, cell: cellId }),
    },
    {
      key: 'q5',
      name: '5. stage-step mutation: reassignMentor between two official members',
      user: f.mutation.cells[0]?.email ?? f.secretary.email,
      paged: false,
      mutation: true,
      query: 'mutation Q5($input: ReassignMentorInput!) { reassignMentor(input: $input) { id version stage mentor { id fullName } } }',
      variables: () => ({}),
    },
  ];
}

export function graphqlBody(query: string, variables: Record<string, unknown>): string {
  return JSON.stringify({ query, variables });
}

/**
 * Cheaper requests by the same user as scenario 1, measured at N connections only: what the
 * HTTP server and Apollo cost with nothing of ketnap's (no token, no database), what any
 * authenticated request costs, and scenario 1's page without its nodes and without their
 * relations. With the CPU each takes, they show where the throughput of scenario 1 goes.
 */
export interface ReferenceRequest {
  key: string;
  name: string;
  query: string;
  variables: Record<string, unknown>;
  /** Sent without the user's token. */
  anonymous?: boolean;
}

export const REFERENCE_REQUESTS: ReferenceRequest[] = [
  { key: 'typename', name: 'Express and Apollo alone: `{ __typename }` without a token', query: '{ __typename }', variables: {}, anonymous: true },
  { key: 'me', name: 'an authenticated request: `{ me { email } }`', query: '{ me { email } }', variables: {} },
  { key: 'count', name: 'scenario 1 without its nodes: `totalCount` only', query: 'query R($first: Int!) { candidates(first: $first) { totalCount } }', variables: { first: MEASURED_PAGE_SIZE } },
  {
    key: 'flat',
    name: 'scenario 1 without the relations: `edges { cursor node { id fullName stage stageSince } }`',
    query: 'query R($first: Int!) { candidates(first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id fullName stage stageSince } } } }',
    variables: { first: MEASURED_PAGE_SIZE },
  },
];
