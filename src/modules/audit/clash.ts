import { In, type EntityManager } from 'typeorm';
import type { RequestContext } from '../../graphql/context';
import { inTransaction } from '../../db/transaction';
import { AppError, ErrorCode } from '../../errors/app-error';
import { toGlobalId } from '../../graphql/global-id';
import { log } from '../../logger';
import { Organization } from '../organization/organization.entity';
import { AuditLog } from './audit.entity';

/**
 * Values unique within a tenant (organization and school codes, national IDs) or across the
 * system (emails) cannot always be hidden: a value another record holds cannot be used again.
 * The caller learns only that: one neutral message, the same whether the holder is in the
 * caller's scope or outside it, never the holder's kind, name, place or tenant. The clash is
 * written to the audit log (`conflict.<field>`) at the lowest organization above both the
 * place of the attempt and the holder, so the committee that sees both records finds it in
 * `auditLog`; a clash across tenants is left to the system administrators.
 */
export type ClashField = 'code' | 'nationalId' | 'email';

export interface Clash {
  field: ClashField;
  value: string;
  /** Where the caller tried to use the value: the record's organization (a new organization's parent); null for a system-wide user. */
  attemptedIn: { id: number; path: string } | null;
  /** The record that already holds the value, and the organization it belongs to. */
  holder: { subjectType: 'Organization' | 'School' | 'Member' | 'Candidate' | 'User'; id: number; organizationId: number | null };
}

const WHAT: Record<ClashField, string> = { code: 'This code', nationalId: 'This national ID', email: 'This email' };

/** The one answer to a clash, whoever holds the value. */
export function clashMessage(field: ClashField): string {
  return `${WHAT[field]} cannot be used; if it should be, ask the committee above`;
}

/** The same, as an import's problem reason (lower case, as the other reasons). */
export function clashReason(field: ClashField): string {
  const message = clashMessage(field);
  return message.charAt(0).toLowerCase() + message.slice(1);
}

/** BAD_USER_INPUT with the neutral message; the clash itself stays on the server (not in extensions). */
export class ClashError extends AppError {
  readonly #clash: Clash;

  constructor(clash: Clash, inputField: string = clash.field) {
    super(ErrorCode.BAD_USER_INPUT, clashMessage(clash.field), { problems: [{ field: inputField, message: 'cannot be used' }] });
    this.#clash = clash;
  }

  get clash(): Clash {
    return this.#clash;
  }
}

const segments = (path: string): number[] => path.split('/').filter(Boolean).map(Number);

/** The lowest organization whose subtree holds both paths; null across tenants. */
function commonAncestor(a: string, b: string): { organizationId: number; tenantId: number } | null {
  const left = segments(a);
  const right = segments(b);
  let depth = 0;
  while (depth < left.length && depth < right.length && left[depth] === right[depth]) depth += 1;
  return depth === 0 ? null : { organizationId: left[depth - 1], tenantId: left[0] };
}

async function writeClashes(em: EntityManager, ctx: RequestContext, clashes: Clash[]): Promise<void> {
  const ids = [...new Set(clashes.map((c) => c.holder.organizationId).filter((id): id is number => id !== null))];
  const paths = new Map<number, string>();
  if (ids.length) for (const o of await em.find(Organization, { where: { id: In(ids) }, select: { id: true, path: true } })) paths.set(o.id, o.path);
  await em.insert(
    AuditLog,
    clashes.map((clash) => {
      const heldPath = clash.holder.organizationId === null ? undefined : paths.get(clash.holder.organizationId);
      const common = clash.attemptedIn && heldPath ? commonAncestor(clash.attemptedIn.path, heldPath) : null;
      return {
        tenantId: common?.tenantId ?? null,
        organizationId: common?.organizationId ?? null,
        userId: ctx.principal?.userId ?? null,
        action: `conflict.${clash.field}`,
        subjectType: clash.holder.subjectType,
        subjectId: clash.holder.id,
        changes: JSON.stringify({
          value: clash.value,
          attemptedIn: clash.attemptedIn ? toGlobalId('Organization', clash.attemptedIn.id) : null,
          heldIn: clash.holder.organizationId === null ? null : toGlobalId('Organization', clash.holder.organizationId),
          requestId: ctx.requestId,
        }),
      };
    }),
  );
}

/** Writes the clashes to the audit log in a transaction of their own (the refused write was rolled back). */
export async function recordClashes(ctx: RequestContext, clashes: Clash[]): Promise<void> {
  if (clashes.length === 0) return;
  try {
    await inTransaction(ctx, (em) => writeClashes(em, ctx, clashes));
  } catch (error) {
    // The caller's answer stands; a clash that could not be written is only logged.
    log('error', 'clash not recorded', { error, requestId: ctx.requestId });
  }
}

/** Runs a write; when it ends on a clash, the clash is recorded before the error goes on to the caller. */
export async function recordingClashes<T>(ctx: RequestContext, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ClashError) await recordClashes(ctx, [error.clash]);
    throw error;
  }
}
