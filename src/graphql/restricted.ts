/**
 * Restricted fields (a person's national ID, phone, address, the cell's notes, a background
 * check): `@Restricted()` on the field. Its value is read only by those the rules allow
 * `readSensitive` on the record, in its place in the tree; everyone else reads null. Every
 * restricted value returned is written to the audit log when the request ends (one row per
 * record, from `ctx.sensitiveReads`). The record's subject comes from the registry, by its entity.
 */
import { createMethodMiddlewareDecorator } from 'type-graphql';
import type { ObjectLiteral } from 'typeorm';
import type { RequestContext } from './context';
import { scopeSubject } from '../auth/scope';
import { subjectOfEntity, type RegisteredSubject } from '../auth/subjects';

export interface RestrictedOptions<Root extends object> {
  /**
   * The record whose restricted field this is, when the field's object is not a subject itself
   * (a step of a candidate's history: its candidate); null when the caller may not see it.
   */
  of?: (root: Root, ctx: RequestContext) => Promise<ObjectLiteral | null>;
  /** For a field of the record itself: its organization when it was already read with the page (the rules read its `path`); the loader otherwise. */
  organization?: (root: Root, ctx: RequestContext) => { path: string } | undefined;
  /**
   * A value that is restricted in part (a step's facts, whose background check only): others read
   * it with that part removed, and it is audited as `field` when it holds that part.
   */
  part?: { field: string; holds(value: unknown): boolean; redact(value: unknown): unknown };
}

/** A subject whose records belong to an organization: restricted fields are read in the record's place in the tree. */
type PlacedSubject = RegisteredSubject & { organization: { property: string } };

function placedSubjectOf(record: ObjectLiteral): PlacedSubject {
  const subject = subjectOfEntity(record.constructor);
  if (!subject?.organization) throw new Error(`A restricted field is read on ${record.constructor.name}, which is no subject placed in the tree`);
  return subject as PlacedSubject;
}

/** Whether the caller may read the restricted fields of `record`. */
async function mayReadRestricted<Root extends object>(ctx: RequestContext, record: ObjectLiteral, subject: PlacedSubject, options: RestrictedOptions<Root>): Promise<boolean> {
  const organization = (options.of ? undefined : options.organization?.(record as Root, ctx)) ?? (await ctx.loaders.organization.load(record[subject.organization.property] as number));
  return organization !== null && ctx.ability.can('readSensitive', scopeSubject(subject.name, record, organization.path));
}

function audit(ctx: RequestContext, record: ObjectLiteral, subject: PlacedSubject, field: string): void {
  ctx.sensitiveReads.push({ subjectType: subject.name, id: record.id as number, tenantId: record.tenantId as number, organizationId: record[subject.organization.property] as number, field });
}

/** The field is restricted: null (or its restricted part removed) unless the caller may read it, audited when read. */
export function Restricted<Root extends object>(options: RestrictedOptions<Root> = {}): MethodDecorator {
  return createMethodMiddlewareDecorator<RequestContext>(async ({ root, context: ctx, info }, next) => {
    const { part } = options;
    // A value restricted in part is read first: nothing to check when there is none.
    const whole: unknown = part ? await next() : undefined;
    if (part && (whole === null || whole === undefined)) return whole;
    const record = options.of ? await options.of(root as Root, ctx) : (root as ObjectLiteral);
    const subject = record && placedSubjectOf(record);
    if (!record || !subject || !(await mayReadRestricted(ctx, record, subject, options))) return part ? part.redact(whole) : null;
    const value: unknown = part ? whole : await next();
    if (part ? part.holds(value) : value !== null && value !== undefined) audit(ctx, record, subject, part ? part.field : info.fieldName);
    return value;
  });
}
