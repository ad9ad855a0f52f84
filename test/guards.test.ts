import 'reflect-metadata';
import { Authorized, buildSchema, Mutation, Query, Resolver } from 'type-graphql';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  isCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { startTestServer, ok, errorCode, type TestServer } from './support/server';
import { buildOrganization, buildUser, TEST_PASSWORD } from './factories';
import { buildAppSchema } from '../src/schema';
import { assertRootFieldsGuarded, authChecker, Public, publicRootFields } from '../src/graphql/guards';
import { Role } from '../src/domain/enums';
import { AuditLog } from '../src/modules/audit/audit.entity';

/**
 * Guards are declared, and deny by default: a root field is `@Authorized()` (a caller is needed)
 * or `@Public()`, and the schema does not build otherwise.
 */

/** A value of the argument's type, shaped to pass the schema's own validation (what the resolver would then refuse does not matter: no caller gets that far). */
function sampleOf(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleOf(type.ofType);
  if (isListType(type)) return [sampleOf(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(Object.values(type.getFields()).filter((field) => isNonNullType(field.type)).map((field) => [field.name, sampleOf(field.type)]));
  }
  if (!isScalarType(type)) throw new Error(`no sample for ${String(type)}`);
  const samples: Record<string, unknown> = { ID: 'bm90IGFuIGlk', String: 'một hai ba', Int: 1, Float: 1, Boolean: true, LocalDate: '2026-01-05', DateTime: '2026-01-05T00:00:00.000Z' };
  if (!(type.name in samples)) throw new Error(`no sample for the scalar ${type.name}`);
  return samples[type.name];
}

/** A request calling `field` alone, with every required argument given. */
function requestFor(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): { query: string; variables: Record<string, unknown> } {
  const required = field.args.filter((arg) => isNonNullType(arg.type));
  const declared = required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passed = required.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return {
    query: `${operation}${declared ? ` (${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`,
    variables: Object.fromEntries(required.map((arg) => [arg.name, sampleOf(arg.type)])),
  };
}

describe('deny by default', () => {
  let server: TestServer;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    server = await startTestServer();
    schema = await buildAppSchema();
  });
  afterAll(() => server.close());

  it('declares two root fields public: login and me', () => {
    expect(publicRootFields(schema).sort()).toEqual(['Mutation.login', 'Query.me']);
  });

  it('answers UNAUTHENTICATED, without a token, on every other root field, before reading its arguments, and writes nothing', async () => {
    const audited = await server.dataSource.getRepository(AuditLog).count();
    const roots = [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const;
    const answers: Record<string, string | undefined> = {};
    const expected: Record<string, string> = {};
    for (const [operation, type] of roots) {
      for (const field of Object.values(type?.getFields() ?? {})) {
        const name = `${type?.name}.${field.name}`;
        if (publicRootFields(schema).includes(name)) continue;
        const { query, variables } = requestFor(operation, field);
        const response = await server.gql(query, variables);
        answers[name] = errorCode(response) ?? `data: ${JSON.stringify(response.data)}`;
        expected[name] = 'UNAUTHENTICATED';
      }
    }
    // The ids sent are no global ids and some numbers are out of range: the caller is asked for first.
    expect(answers).toEqual(expected);
    expect(Object.keys(answers).length).toBeGreaterThan(40);
    expect(await server.dataSource.getRepository(AuditLog).count()).toBe(audited);
  });

  it('answers the public ones without a token: me is null, login logs in', async () => {
    expect(ok(await server.gql('{ me { email } }'))).toEqual({ me: null });
    const city = await buildOrganization(server.dataSource, null, { name: 'Thành ủy Cửa Mở' });
    const user = await buildUser(server.dataSource, Role.COMMITTEE, city);
    const login = ok(await server.gql<{ login: { user: { email: string } } }>('mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { user { email } } }', { email: user.email, password: TEST_PASSWORD }));
    expect(login.login.user.email).toBe(user.email);
  });

  it('refuses to build a schema with a root field that is neither authorized nor public', async () => {
    @Resolver()
    class NewFeatureResolver {
      @Authorized()
      @Query(() => String)
      guardedQuery(): string {
        return 'ok';
      }

      @Public()
      @Query(() => String)
      openQuery(): string {
        return 'ok';
      }

      @Query(() => String)
      forgottenQuery(): string {
        return 'leak';
      }

      @Mutation(() => String)
      forgottenMutation(): string {
        return 'leak';
      }
    }
    const resolvers = [NewFeatureResolver] as const;
    const built = await buildSchema({ resolvers, authChecker });
    expect(() => assertRootFieldsGuarded(built, resolvers)).toThrow('Root fields without a guard (@Authorized() or @Public()): Query.forgottenQuery, Mutation.forgottenMutation');
  });
});
