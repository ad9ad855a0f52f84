/**
 * GET  /imports/templates/organizations.xlsx | members.xlsx | candidates.xlsx  the templates;
 * POST /imports/organizations | members | candidates?organizationId=&dryRun=&validOnly=&fileName=  the file as
 * the raw body (XLSX or CSV). Same bearer token and scope as the GraphQL API; errors go to the
 * app's error handler (errors/http.ts), as GraphQL tells them.
 */
import express, { type Express, type Request, type Response } from 'express';
import type { ContextDeps } from '../../graphql/context';
import { buildContext, requirePrincipal } from '../../graphql/context';
import { AppError, ErrorCode } from '../../errors/app-error';
import { decodeId } from '../../graphql/ids';
import { textProblem } from '../../common/text';
import { clientAddressOf, requestIdOf } from '../../errors/http';
import { IMPORT_KINDS, templateWorkbook, type ImportKind } from './columns';
import { runImport } from './import.service';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The caller's context, with the request's id and address (the audit log's). */
function contextOf(deps: ContextDeps, req: Request, res: Response) {
  return buildContext(deps, req.headers.authorization, requestIdOf(res), clientAddressOf(req));
}

function flag(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new AppError(ErrorCode.BAD_USER_INPUT, `${name} must be true or false`);
}

/** The file's name as the client gave it (written to the audit log): a one-line text. */
function fileNameOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const problem = textProblem(value, 'line');
  if (problem) throw new AppError(ErrorCode.BAD_USER_INPUT, `fileName ${problem}`, { problems: [{ field: 'fileName', message: `fileName ${problem}` }] });
  return value.slice(0, 255);
}

function kindOf(value: string): ImportKind {
  if (!(IMPORT_KINDS as readonly string[]).includes(value)) throw new AppError(ErrorCode.NOT_FOUND, 'Imports are organizations, members or candidates');
  return value as ImportKind;
}

export function registerImportRoutes(app: Express, deps: ContextDeps): void {
  app.get('/imports/templates/:file', async (req: Request, res: Response) => {
    const match = /^(\w+)\.xlsx$/.exec(String(req.params.file));
    const kind = kindOf(match?.[1] ?? '');
    requirePrincipal(await contextOf(deps, req, res));
    res.setHeader('content-disposition', `attachment; filename="mau-nhap-${kind}.xlsx"`);
    res.type(XLSX_TYPE).send(await templateWorkbook(kind));
  });

  app.post('/imports/:kind', express.raw({ type: () => true, limit: '10mb' }), async (req: Request, res: Response) => {
    const kind = kindOf(String(req.params.kind));
    const ctx = await contextOf(deps, req, res);
    requirePrincipal(ctx);
    if (typeof req.query.organizationId !== 'string') throw new AppError(ErrorCode.BAD_USER_INPUT, 'organizationId is required');
    const content = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (content.length === 0) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Send the file (XLSX or CSV) as the request body');
    const report = await runImport(ctx, {
      kind,
      organizationId: decodeId(req.query.organizationId, 'Organization', 'organizationId'),
      content,
      dryRun: flag(req.query.dryRun, 'dryRun'),
      validOnly: flag(req.query.validOnly, 'validOnly'),
      fileName: fileNameOf(req.query.fileName),
    });
    res.status(report.dryRun || report.written ? 200 : 400).json(report);
  });
}
