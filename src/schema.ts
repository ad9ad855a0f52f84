import 'reflect-metadata';
import path from 'node:path';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { OrganizationMoveResolver, OrganizationResolver } from './modules/organization/organization.resolver';
import { SchoolResolver } from './modules/school/school.resolver';
import { MemberResolver } from './modules/member/member.resolver';
import { CandidateResolver, CandidateStageEventResolver } from './modules/candidate/candidate.resolver';
import { UserResolver } from './modules/user/user.resolver';
import { NodeResolver } from './modules/node/node.resolver';
import { AuditLogResolver } from './modules/audit/audit.resolver';
import { PublicHolidayResolver } from './modules/calendar/holiday.resolver';
import { REPORT_RESOLVERS } from './modules/report/report.resolver';
import { ApiKeyResolver } from './modules/api-key/api-key.resolver';
import { PermissionsResolver } from './modules/user/permissions.resolver';
import { CandidatePathResolver, NextStepResolver } from './modules/candidate/path/path.resolver';

export const RESOLVERS = [
  OrganizationResolver,
  OrganizationMoveResolver,
  SchoolResolver,
  MemberResolver,
  CandidateResolver,
  CandidateStageEventResolver,
  CandidatePathResolver,
  NextStepResolver,
  AuditLogResolver,
  PublicHolidayResolver,
  UserResolver,
  NodeResolver,
  ...REPORT_RESOLVERS,
  ApiKeyResolver,
  PermissionsResolver,
] as const;

/** Where the committed SDL lives; a test fails when it drifts from what the code emits. */
export const SCHEMA_FILE = path.resolve(__dirname, '..', ...(path.basename(path.resolve(__dirname, '..')) === 'dist' ? ['..'] : []), 'schema', 'schema.graphql');

let cached: Promise<GraphQLSchema> | null = null;

export function buildAppSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: RESOLVERS,
    validate: { forbidUnknownValues: false },
  });
  return cached;
}

/** The SDL as committed: sorted, so diffs show real changes only. */
export function printAppSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
