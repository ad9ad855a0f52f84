/** Relay global ids: base64 of "Type:localId", opaque to clients. */
export type NodeTypeName = 'Organization' | 'School' | 'Member' | 'Candidate' | 'User' | 'StageEvent' | 'ApiKey';

export const NODE_TYPES: readonly NodeTypeName[] = ['Organization', 'School', 'Member', 'Candidate', 'User', 'StageEvent', 'ApiKey'];

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
  if (!match) return null;
  const type = match[1] as NodeTypeName;
  if (!NODE_TYPES.includes(type)) return null;
  const id = Number(match[2]);
  if (!Number.isSafeInteger(id)) return null;
  return { type, id };
}
