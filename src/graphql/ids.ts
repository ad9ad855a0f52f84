import { createParameterDecorator, ID } from 'type-graphql';
import { fromGlobalId, type NodeTypeName } from './global-id';
import { badInput } from '../errors/app-error';

/** The local id behind a global id argument, or BAD_USER_INPUT naming the argument. */
export function decodeId(value: string, type: NodeTypeName, field: string): number {
  const decoded = fromGlobalId(value);
  if (!decoded || decoded.type !== type) {
    throw badInput(`${field} is not a valid ${type} id`, [{ field, message: `expected the id of ${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type}` }]);
  }
  return decoded.id;
}

export function decodeOptionalId(value: string | null | undefined, type: NodeTypeName, field: string): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  return decodeId(value, type, field);
}

/**
 * A root argument that is the global id of a `type` record, handed to the resolver as its local
 * id (`@GlobalIdArg('id', 'Candidate') id: number`). The argument stays an ID in the schema; a
 * global id of another kind, or none, is BAD_USER_INPUT naming the argument.
 */
export function GlobalIdArg(name: string, type: NodeTypeName, options: { description?: string } = {}) {
  return createParameterDecorator(({ args }) => decodeId(args[name] as string, type, name), { arg: { name, typeFunc: () => ID, options } });
}
