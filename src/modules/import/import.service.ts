/**
 * Spreadsheet import of organizations, members and candidates: every row is checked (plan.ts,
 * organizations.ts), then the whole file is written in one transaction (write.ts), or nothing
 * when a row fails (unless validOnly). Natural key: the national id, else the full name and date
 * of birth within the cell. Every run, dry or real, written or refused, is audited.
 */
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../graphql/context';
import { requirePrincipal } from '../../graphql/context';
import { inTransaction } from '../../db/transaction';
import { assertCan, loadFor } from '../../auth/guard';
import { forbidden } from '../../errors/app-error';
import { recordAudit } from '../audit/audit.service';
import { recordClashes, type Clash } from '../audit/clash';
import type { Organization } from '../organization/organization.entity';
import type { ImportKind } from './columns';
import type { Problem } from './read';
import { analyse, type Counted, type ImportInput } from './plan';
import { apply } from './write';
import { applyOrganizations } from './organizations';

export interface ImportOptions extends ImportInput {
  organizationId: number;
  dryRun: boolean;
  validOnly: boolean;
  fileName: string | null;
}

export interface ImportReport {
  kind: ImportKind;
  dryRun: boolean;
  validOnly: boolean;
  /** Whether rows were written (false for a dry run and for a refused run). */
  written: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  problems: Problem[];
}

function countsOf(kind: ImportKind, options: ImportOptions, rows: number, plan: Counted[], problems: Problem[], written: boolean): ImportReport {
  const rejectedRows = new Set(problems.map((p) => p.row));
  return {
    kind,
    dryRun: options.dryRun,
    validOnly: options.validOnly,
    written,
    rows,
    created: plan.filter((p) => !p.existing).length,
    updated: plan.filter((p) => p.existing && Object.keys(p.changes).length > 0).length,
    unchanged: plan.filter((p) => p.existing && Object.keys(p.changes).length === 0).length,
    rejected: [...rejectedRows].filter((r) => r > 1).length,
    problems: problems.sort((a, b) => a.row - b.row),
  };
}

async function audit(em: EntityManager, ctx: RequestContext, target: Organization, options: ImportOptions, report: ImportReport): Promise<void> {
  const { problems: _problems, kind: _kind, ...counts } = report;
  await recordAudit(em, ctx, {
    action: `import.${options.kind}`,
    subjectType: 'Organization',
    subjectId: target.id,
    tenantId: target.tenantId,
    organizationId: target.id,
    changes: { fileName: options.fileName, ...counts },
  });
}

/** Runs an import as the caller of `ctx`; the report says what was (or would be) done. */
export async function runImport(ctx: RequestContext, options: ImportOptions): Promise<ImportReport> {
  requirePrincipal(ctx);
  const { record: target } = await loadFor<Organization>(ctx, ctx.dataSource.manager, 'Organization', options.organizationId);
  // Only committees import organizations: creating one under the target is needed (as createOrganization).
  if (options.kind === 'organizations') assertCan(ctx, 'create', 'Organization', target, null);
  // Read-only roles (reporters, mentors, API keys) create no member or candidate anywhere: refused
  // before the file is read, so they can neither parse files nor fill the audit log with runs.
  else if (!ctx.ability.can('create', options.kind === 'members' ? 'Member' : 'Candidate')) throw forbidden(`You may not import ${options.kind}`);
  // Values held by records elsewhere (national ids, codes), recorded for the committee above once the run is over.
  const clashes: Clash[] = [];
  if (options.dryRun) {
    const problems: Problem[] = [];
    const { rows, plan, organizations } = await analyse(ctx.dataSource.manager, ctx, options, target, problems, clashes);
    const report = countsOf(options.kind, options, rows, organizations ?? plan, problems, false);
    await audit(ctx.dataSource.manager, ctx, target, options, report);
    await recordClashes(ctx, clashes);
    return report;
  }
  const report = await inTransaction(ctx, async (em) => {
    clashes.length = 0;
    const problems: Problem[] = [];
    const { rows, plan, organizations } = await analyse(em, ctx, options, target, problems, clashes);
    const refused = problems.length > 0 && (!options.validOnly || problems.some((p) => p.row === 1));
    const result = countsOf(options.kind, options, rows, organizations ?? plan, problems, !refused);
    if (refused) return result;
    if (organizations) await applyOrganizations(em, target, organizations, (done, total) => options.onProgress?.('writing', done, total));
    else await apply(em, ctx, options.kind, plan, options.onProgress);
    await audit(em, ctx, target, options, result);
    return result;
  });
  // A refused run wrote nothing but is audited all the same.
  if (!report.written) await audit(ctx.dataSource.manager, ctx, target, options, report);
  await recordClashes(ctx, clashes);
  return report;
}
