/**
 * Relay global ids: base64 of "Type:localId", opaque to clients. The types are the registered
 * subjects whose descriptor has `globalId`, and those a module registers itself (a candidate's
 * StageEvent): `fromGlobalId` knows no other.
 */
import { isSubjectName, subjectOf } from '../auth/subjects';

/**
 * The types of global ids, filled by the modules through declaration merging:
 *
 *     declare module '../../graphql/global-id' {
 *       interface GlobalIdTypes { Candidate: true; StageEvent: true }
 *     }
 */
export interface GlobalIdTypes {}

export type NodeTypeName = keyof GlobalIdTypes & string;

const ownTypes = new Set<string>();

/** A global id type that is not a subject of the rules (called by its module when it loads). */
export function registerGlobalIdType(type: NodeTypeName): void {
  ownTypes.add(type);
}

export function isGlobalIdType(type: string): type is NodeTypeName {
  return ownTypes.has(type) || (isSubjectName(type) && subjectOf(type).globalId !== undefined);
}

export function toGlobalId(type: NodeTypeName, id: number): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export interface DecodedGlobalId {
  type: NodeTypeName;
  id: number;
}

/** Decodes a global id; returns null for anything that is not one of ours. */
export function fromGlobalId(globalId: string): DecodedGlobalId | null {
  if (typeof globalId !== 'string' || globalId.length === 0 || globalId.length > 64) return null;
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const match = /^([A-Za-z]+):([1-9][0-9]{0,14})$/.exec(decoded);
  if (!match || !isGlobalIdType(match[1])) return null;
  const id = Number(match[2]);
  if (!Number.isSafeInteger(id)) return null;
  return { type: match[1], id };
}
