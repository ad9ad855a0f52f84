import { Field, ID, InterfaceType } from 'type-graphql';

/** Relay's Node: anything fetchable by its global id through `node(id)`. */
@InterfaceType({ description: 'An object with a global id, fetchable through node(id)' })
export abstract class Node {
  @Field(() => ID, { name: 'id', description: 'Global id (opaque)' })
  abstract readonly nodeId: string;
}
