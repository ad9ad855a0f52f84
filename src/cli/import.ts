import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { openDatabase } from '../db/bootstrap';
import { ENTITIES } from '../modules/entities';
import '../modules/subjects';
import { contextFor } from '../graphql/context';
import { principalOf } from '../auth/authenticate';
import { Organization } from '../modules/organization/organization.entity';
import { fromGlobalId } from '../graphql/global-id';
import { IMPORT_KINDS, type ImportKind } from '../modules/import/columns';
import { runImport } from '../modules/import/import.service';

/**
 * `npm run import -- --file roster.xlsx --organization <global id or code> --kind organizations|members|candidates
 *  [--dry-run] [--valid-only] --user <email>`: the import of POST /imports/:kind, acting as that user
 * (with exactly their scope). Prints the report as JSON; exits 1 when the file was refused.
 */
function parseArgs(argv: string[]): Record<string, string | true> {
  const args: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`Unexpected argument: ${argv[i]}`);
    if (match[2] !== undefined) args[match[1]] = match[2];
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) args[match[1]] = argv[++i];
    else args[match[1]] = true;
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const text = (name: string): string => {
    const value = args[name];
    if (typeof value !== 'string') throw new Error(`--${name} is required`);
    return value;
  };
  const file = text('file');
  const kind = text('kind') as ImportKind;
  if (!IMPORT_KINDS.includes(kind)) throw new Error('--kind must be organizations, members or candidates');
  const content = fs.readFileSync(file);
  const config = loadConfig();
  const dataSource = await openDatabase(config, ENTITIES);
  try {
    const principal = await principalOf({ config, dataSource }, { userEmail: text('user') });
    const organization = text('organization');
    const decoded = fromGlobalId(organization);
    let organizationId = decoded?.type === 'Organization' ? decoded.id : null;
    if (organizationId === null) {
      const where = principal.tenantId ? { code: organization, tenantId: principal.tenantId } : { code: organization };
      const byCode = await dataSource.getRepository(Organization).find({ where, take: 2 });
      if (byCode.length !== 1) throw new Error(`--organization ${organization}: ${byCode.length ? 'ambiguous code' : 'no such global id or code'}`);
      organizationId = byCode[0].id;
    }
    const ctx = contextFor({ config, dataSource }, principal);
    let last = { phase: '', done: 0 };
    const report = await runImport(ctx, {
      kind,
      organizationId,
      content,
      dryRun: args['dry-run'] === true,
      validOnly: args['valid-only'] === true,
      fileName: path.basename(file),
      onProgress(phase, done, total) {
        if (done === total || phase !== last.phase || done - last.done >= 500) {
          last = { phase, done };
          process.stderr.write(`\r${phase} ${done}/${total} rows${done === total ? '\n' : ''}`);
        }
      },
    });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (!report.dryRun && !report.written) process.exitCode = 1;
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Import failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
