import fs from 'node:fs';
import { buildAppSchema, printAppSchema, SCHEMA_FILE } from '../src/schema';

describe('committed schema', () => {
  it('matches the SDL the code emits (run `npm run schema:emit` after changing the API)', async () => {
    const emitted = printAppSchema(await buildAppSchema());
    const committed = fs.readFileSync(SCHEMA_FILE, 'utf8');
    expect(committed).toBe(emitted);
  });
});
