import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Node } from './node.interface';
import { isSubjectName, subjectOf } from '../../auth/subjects';
import { fromGlobalId } from '../../graphql/global-id';
import type { RequestContext } from '../../graphql/context';
import { subjectLoader } from '../../graphql/loaders';

@Resolver()
export class NodeResolver {
  /** Any registered subject whose descriptor says `globalId: { node: true }`, through its scoped loader. */
  @Authorized()
  @Query(() => Node, { nullable: true, description: 'Anything by its global id; null if it does not exist or you may not see it' })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Node | null> {
    const decoded = fromGlobalId(id);
    if (!decoded || !isSubjectName(decoded.type) || !subjectOf(decoded.type).globalId?.node) return null;
    return (await subjectLoader(ctx.loaders, decoded.type).load(decoded.id)) as Node | null;
  }
}
