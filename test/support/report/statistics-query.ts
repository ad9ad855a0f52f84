import type { TargetMetric } from '../../../src/modules/report/target.entity';
import type { ExpectedStatistics } from './reference';

/** The GraphQL side of the reports: the statistics query every reporting test sends, and its answer's shape. */

export const STATISTICS_FIELDS = `
  period { from to label headcountSchoolYear targetYear }
  schools { total withPartyOrganization byLevel { level schools withPartyOrganization } }
  cells { total withPrincipalSecretary }
  staff { managers teachers staff total students grade12Students members officialMembers probationaryMembers teacherMembers studentMembers membersRatio
          byLevel { level managers teachers staff total members teacherMembers membersRatio } }
  admissions { total byCategory { category count } byLevel { level count } }
  officialRecognitions { total byCategory { category count } byLevel { level count } }
  awarenessClass { total byCategory { category count } byLevel { level count } }
  awarenessClassStudents
  candidatesByStage { stage count }
  stalledByReason { reason count }
  overdueDeadlines
  targets { metric target result reached }`;

export const STATISTICS_QUERY = `query ($id: ID!, $period: PeriodInput) {
  statistics(organizationId: $id, period: $period) {
    organization { id name }
    ${STATISTICS_FIELDS}
    byChild { organization { id name } ${STATISTICS_FIELDS} }
    targetsBehind { organization { id } metric target result }
  }
}`;

export type GqlStatistics = ExpectedStatistics & {
  organization: { id: string; name: string } | null;
  byChild: (ExpectedStatistics & { organization: { id: string; name: string } | null })[];
  targetsBehind: { organization: { id: string } | null; metric: TargetMetric; target: number; result: number }[];
};

/** The figures of a response without its organization, children and targetsBehind, and (optionally) without targets. */
export function figuresOf(s: ExpectedStatistics & { organization?: unknown; byChild?: unknown; targetsBehind?: unknown }, withTargets = true): Partial<ExpectedStatistics> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { organization, byChild, targetsBehind, targets, ...rest } = s;
  return withTargets ? { ...rest, targets } : rest;
}
