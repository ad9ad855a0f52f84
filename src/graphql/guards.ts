/**
 * Who may call a root field, declared on the field: `@Authorized()` (a caller is needed; what
 * they may do is then the rules' business) or `@Public()` (anyone: logging in, `me`). One auth
 * checker answers for every `@Authorized()` field, with requirePrincipal's UNAUTHENTICATED.
 * Deny by default: the schema does not build while a Query or Mutation field says neither.
 */
import { Extensions, getMetadataStorage, type AuthCheckerFn } from 'type-graphql';
import type { GraphQLField, GraphQLSchema } from 'graphql';
import { requirePrincipal } from '../auth/guard';
import type { AuthContext } from '../auth/context';

const PUBLIC = 'ketnapPublic';

/** A root field anyone may call, without a token. */
export const Public = (): MethodDecorator => Extensions({ [PUBLIC]: true }) as MethodDecorator;

/**
 * The one auth checker (buildSchema's `authChecker`), given the field's own context (a login
 * payload's subtree has the new user's). Roles are not used: the rules decide the rest.
 */
export const authChecker: AuthCheckerFn<AuthContext> = ({ context }) => {
  requirePrincipal(context);
  return true;
};

type RootType = 'Query' | 'Mutation';

/** Whether the resolver method behind a root field of `resolvers` carries `@Authorized()` (on itself or its class). */
function isAuthorized(rootType: RootType, fieldName: string, resolvers: readonly Function[]): boolean {
  const storage = getMetadataStorage();
  const handlers = (rootType === 'Query' ? storage.queries : storage.mutations).filter((handler) => handler.schemaName === fieldName && resolvers.includes(handler.target));
  return (
    handlers.length > 0 &&
    handlers.every(
      (handler) =>
        storage.authorizedFields.some((field) => field.target === handler.target && field.fieldName === handler.methodName) ||
        storage.authorizedResolver.some((resolver) => resolver.target === handler.target),
    )
  );
}

function rootFields(schema: GraphQLSchema): { rootType: RootType; field: GraphQLField<unknown, unknown> }[] {
  return (['Query', 'Mutation'] as const).flatMap((rootType) => {
    const type = rootType === 'Query' ? schema.getQueryType() : schema.getMutationType();
    return type ? Object.values(type.getFields()).map((field) => ({ rootType, field })) : [];
  });
}

const isPublic = (field: GraphQLField<unknown, unknown>): boolean => field.extensions[PUBLIC] === true;

/** The root fields declared `@Public()` ("Query.me"). */
export function publicRootFields(schema: GraphQLSchema): string[] {
  return rootFields(schema)
    .filter(({ field }) => isPublic(field))
    .map(({ rootType, field }) => `${rootType}.${field.name}`);
}

/**
 * Refuses a schema (built from `resolvers`) with a root field that says neither who may call it
 * nor that anyone may: a new field without a guard fails the build, not a review.
 */
export function assertRootFieldsGuarded(schema: GraphQLSchema, resolvers: readonly Function[]): GraphQLSchema {
  const unguarded = rootFields(schema)
    .filter(({ rootType, field }) => !isPublic(field) && !isAuthorized(rootType, field.name, resolvers))
    .map(({ rootType, field }) => `${rootType}.${field.name}`);
  if (unguarded.length > 0) throw new Error(`Root fields without a guard (@Authorized() or @Public()): ${unguarded.join(', ')}`);
  return schema;
}
