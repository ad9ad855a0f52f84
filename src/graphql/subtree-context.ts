/**
 * A part of a response that acts as another principal than its request: a login's payload,
 * whose nested fields (the user, their organization, their permissions) act as the user who
 * just logged in while the rest of the request keeps its own caller. The resolver returning such
 * a part says so (`resolveSubtreeAs`, with a context from `contextAs`), and every field below
 * that response path is resolved with that context instead of the request's.
 */
import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { RequestContext } from './context';

type Path = GraphQLResolveInfo['path'];

function keyOf(path: Path): string {
  let key = String(path.key);
  for (let above = path.prev; above; above = above.prev) key = `${above.key}.${key}`;
  return key;
}

/** The fields below `path` (the field returning the payload) resolve with `context`. */
export function resolveSubtreeAs(ctx: RequestContext, path: Path, context: RequestContext): void {
  (ctx.subtreeContexts ??= new Map()).set(keyOf(path), context);
}

/** The context of the field at `path`: the one registered nearest above it, or the request's. */
function contextAt(ctx: RequestContext, subtrees: Map<string, RequestContext>, path: Path): RequestContext {
  for (let above = path.prev; above; above = above.prev) {
    const context = subtrees.get(keyOf(above));
    if (context) return context;
  }
  return ctx;
}

/** Makes every field of the schema resolve with the context of its subtree (a property check when there is none). */
export function withSubtreeContexts(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, RequestContext> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx: RequestContext, info) => resolve(source, args, ctx.subtreeContexts ? contextAt(ctx, ctx.subtreeContexts, info.path) : ctx, info);
    }
  }
  return schema;
}
