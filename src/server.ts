import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/bootstrap';
import { ENTITIES } from './modules/entities';
import { User } from './modules/user/user.entity';
import { seedDemoIfEmpty } from './tools/demo/seed';
import { startApp } from './app';
import { log } from './logger';

/** Start-up only: config, database, schema, HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = await openDatabase(config, ENTITIES);
  if (config.seedDemo) {
    const summary = await seedDemoIfEmpty(dataSource, config);
    if (summary) {
      log('info', 'demo data seeded', { organizations: summary.organizations, schools: summary.schools, members: summary.members, candidates: summary.candidates });
      if (config.database.embedded) {
        // A production demo has a password of its own: it is not printed into the logs.
        process.stdout.write(`\nDemo users (password ${config.env === 'production' ? 'from DEMO_PASSWORD' : `"${config.demoPassword}"`}):\n`);
        for (const user of summary.users) process.stdout.write(`  ${user.email.padEnd(40)} ${user.role.padEnd(15)} ${user.organizationName}\n`);
      }
    }
  }
  // Nobody can log in: an empty production database needs `admin-create` first.
  if (!(await dataSource.getRepository(User).exists())) {
    process.stdout.write(`\nNo user can log in yet: create the first administrator with \`node dist/src/cli/admin-create.js <email>\` (or \`npm run admin:create -- <email>\`).\n`);
  }
  const app = await startApp(config, dataSource);
  process.stdout.write(`\nketnap is serving ${app.url} (${config.database.type}${config.database.embedded ? `, ${config.database.url}` : ''})\n`);
  if (app.webUrl) process.stdout.write(`The web client: ${app.webUrl}\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'shutting down', { signal });
    // In-flight requests get a grace period; past it the process leaves anyway.
    setTimeout(() => {
      log('error', 'shutdown took too long; exiting', { signal });
      process.exit(1);
    }, 20_000).unref();
    // Apollo's drain plugin lets in-flight requests finish before the server closes.
    app
      .stop()
      .then(() => dataSource.destroy())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log('error', 'shutdown failed', { error });
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`Configuration error: ${error.message}\n`);
  else process.stderr.write(`ketnap could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
