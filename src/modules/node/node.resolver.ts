import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Node } from './node.interface';
import { fromGlobalId } from '../../graphql/global-id';
import { requirePrincipal, type RequestContext } from '../../graphql/context';
import type { Loaders } from '../../graphql/loaders';

const LOADER_OF: Partial<Record<string, keyof Pick<Loaders, 'organization' | 'school' | 'member' | 'candidate' | 'user'>>> = {
  Organization: 'organization',
  School: 'school',
  Member: 'member',
  Candidate: 'candidate',
  User: 'user',
};

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Anything by its global id; null if it does not exist or you may not see it' })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Node | null> {
    requirePrincipal(ctx);
    const decoded = fromGlobalId(id);
    const loaderName = decoded ? LOADER_OF[decoded.type] : undefined;
    if (!decoded || !loaderName) return null;
    const loader = ctx.loaders[loaderName] as { load(id: number): Promise<Node | null> };
    return loader.load(decoded.id);
  }
}
