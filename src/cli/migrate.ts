import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../db/bootstrap';
import { ENTITIES } from '../modules/entities';

/** `npm run migrate`: applies pending migrations to the configured database (creating a MySQL database if missing). */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = await openDatabase(config, ENTITIES);
  const pending = await dataSource.showMigrations();
  process.stdout.write(`Migrations are up to date on ${config.database.type} (${config.database.type === 'sqlite' ? config.database.url : new URL(config.database.url).pathname.slice(1)})${pending ? ' — some are still pending!' : ''}\n`);
  await dataSource.destroy();
}

main().catch((error: unknown) => {
  process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
