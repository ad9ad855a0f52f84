import type { EntityManager } from 'typeorm';
import { AuditLog } from './audit.entity';
import type { RequestContext } from '../../graphql/context';

export type Changes = Record<string, [unknown, unknown]>;

/** Fields whose values differ between `before` and `after`, as { field: [before, after] }. */
export function diff(before: object | null, after: object, fields: readonly string[]): Changes {
  const changes: Changes = {};
  const b = (before ?? {}) as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  for (const field of fields) {
    if (!(field in a)) continue;
    if (JSON.stringify(b[field] ?? null) !== JSON.stringify(a[field] ?? null)) changes[field] = [b[field] ?? null, a[field] ?? null];
  }
  return changes;
}

/** Writes who read which restricted fields in this request: one row per record, in one statement. */
export async function recordSensitiveReads(ctx: RequestContext): Promise<void> {
  if (ctx.sensitiveReads.length === 0) return;
  const byRecord = new Map<string, { subjectType: string; id: number; tenantId: number; organizationId: number; fields: Set<string> }>();
  for (const read of ctx.sensitiveReads) {
    const key = `${read.subjectType}:${read.id}`;
    const entry = byRecord.get(key) ?? { subjectType: read.subjectType, id: read.id, tenantId: read.tenantId, organizationId: read.organizationId, fields: new Set<string>() };
    entry.fields.add(read.field);
    byRecord.set(key, entry);
  }
  ctx.sensitiveReads = [];
  await ctx.dataSource.manager.insert(
    AuditLog,
    [...byRecord.values()].map((entry) => ({
      tenantId: entry.tenantId,
      organizationId: entry.organizationId,
      userId: ctx.principal?.userId ?? null,
      action: 'sensitive.read',
      subjectType: entry.subjectType,
      subjectId: entry.id,
      changes: JSON.stringify({ fields: [...entry.fields].sort(), requestId: ctx.requestId }),
    })),
  );
}

/** What an audit row is about: a record of the tree, its tenant and its organization (an organization is its own). */
export function about(
  subjectType: string,
  record: { id: number; tenantId: number | null; organizationId?: number | null },
): { subjectType: string; subjectId: number; tenantId: number | null; organizationId: number | null } {
  const organizationId = subjectType === 'Organization' ? record.id : (record.organizationId ?? null);
  return { subjectType, subjectId: record.id, tenantId: record.tenantId, organizationId };
}

/** Writes one audit row inside the caller's transaction. */
export async function recordAudit(
  em: EntityManager,
  ctx: RequestContext,
  entry: {
    action: string;
    subjectType: string;
    subjectId: number | null;
    tenantId: number | null;
    /** The organization the subject belongs to (itself for an organization), for reading the log by subtree. */
    organizationId?: number | null;
    changes?: Changes | Record<string, unknown>;
  },
): Promise<void> {
  await em.insert(AuditLog, {
    tenantId: entry.tenantId,
    organizationId: entry.organizationId ?? null,
    userId: ctx.principal?.userId ?? null,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    changes: entry.changes ? JSON.stringify(entry.changes) : null,
  });
}
