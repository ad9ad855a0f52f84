import 'reflect-metadata';
import path from 'node:path';
import { ArgumentValidationError, buildSchema } from 'type-graphql';
import { validateOrReject, type ValidationError } from 'class-validator';
import type { GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import './modules/subjects';
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
import { CandidatePermissionSubjectResolver, PermissionsResolver } from './modules/user/permissions.resolver';
import { CandidatePathResolver, NextStepResolver } from './modules/candidate/path/path.resolver';
import { assertTextArguments } from './graphql/text-input';
import { withSubtreeContexts } from './graphql/subtree-context';
import { assertRootFieldsGuarded, authChecker } from './graphql/guards';

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
  CandidatePermissionSubjectResolver,
] as const;

/** Where the committed SDL lives; a test fails when it drifts from what the code emits. */
export const SCHEMA_FILE = path.resolve(__dirname, '..', ...(path.basename(path.resolve(__dirname, '..')) === 'dist' ? ['..'] : []), 'schema', 'schema.graphql');

/** How arguments are validated: class-validator's decorators on the input classes. */
const VALIDATOR_OPTIONS = { skipMissingProperties: true, forbidUnknownValues: false } as const;

const isObject = (value: unknown): value is object => value !== null && typeof value === 'object';

/**
 * Every text of the call's arguments first (graphql/text-input.ts), then what type-graphql's own
 * validation does (the same options, the same error), with class-validator imported once:
 * type-graphql imports it anew on every argument of every call, and resolving the module each
 * time was a measurable part of a list's CPU.
 */
export async function validateArgument(value: unknown, _type?: unknown, call?: { args: Record<string, unknown>; info: GraphQLResolveInfo }): Promise<void> {
  if (call) assertTextArguments(call.info.parentType.getFields()[call.info.fieldName], call.args);
  if (!isObject(value)) return;
  try {
    for (const item of Array.isArray(value) ? value.filter(isObject) : [value]) await validateOrReject(item, VALIDATOR_OPTIONS);
  } catch (error) {
    throw new ArgumentValidationError(error as ValidationError[]);
  }
}

let cached: Promise<GraphQLSchema> | null = null;

export function buildAppSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: RESOLVERS,
    validateFn: validateArgument,
    // Deny by default: every root field is @Authorized() or @Public() (checked once the schema is built).
    authChecker,
  })
    .then((schema) => assertRootFieldsGuarded(schema, RESOLVERS))
    .then(withSubtreeContexts);
  return cached;
}

/** The SDL as committed: sorted, so diffs show real changes only. */
export function printAppSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
