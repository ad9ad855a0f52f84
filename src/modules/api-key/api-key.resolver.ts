import { Arg, Authorized, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ApiKey } from './api-key.entity';
import { createApiKey, listApiKeys, revokeApiKey } from './api-key.service';
import { Organization } from '../organization/organization.entity';
import type { RequestContext } from '../../graphql/context';
import { GlobalIdArg } from '../../graphql/ids';

@ObjectType({ description: 'A new API key: the key itself is shown this once and never again' })
class CreatedApiKey {
  @Field(() => ApiKey)
  apiKey!: ApiKey;

  @Field({ description: 'Send it as "Authorization: ApiKey <key>"' })
  key!: string;
}

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Authorized()
  @Query(() => [ApiKey], { description: "API keys of reporting clients in your subtree (committees)" })
  apiKeys(@Ctx() ctx: RequestContext): Promise<ApiKey[]> {
    return listApiKeys(ctx);
  }

  @Authorized()
  @Mutation(() => CreatedApiKey, { description: 'Creates a statistics-only key for a reporting client of an organization in your subtree' })
  createApiKey(@Arg('organizationId', () => ID) organizationId: string, @Arg('name') name: string, @Ctx() ctx: RequestContext): Promise<CreatedApiKey> {
    return createApiKey(ctx, organizationId, name);
  }

  @Authorized()
  @Mutation(() => ApiKey, { description: 'Revokes a key at once' })
  revokeApiKey(@GlobalIdArg('id', 'ApiKey') id: number, @Ctx() ctx: RequestContext): Promise<ApiKey> {
    return revokeApiKey(ctx, id);
  }

  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() apiKey: ApiKey, @Ctx() ctx: RequestContext): Promise<Organization | null> {
    return ctx.loaders.organization.load(apiKey.organizationId);
  }
}
