import 'reflect-metadata';
import fs from 'node:fs';
import { buildAppSchema, printAppSchema, SCHEMA_FILE } from '../schema';

/** `npm run schema:emit`: writes the SDL the server serves to schema/schema.graphql. */
buildAppSchema()
  .then((schema) => {
    fs.writeFileSync(SCHEMA_FILE, printAppSchema(schema));
    process.stdout.write(`Wrote ${SCHEMA_FILE}\n`);
  })
  .catch((error: unknown) => {
    process.stderr.write(`Could not build the schema: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
