import { CoreSchema1763769600000 } from './1763769600000-CoreSchema';

/** Every migration, in order. The only way the schema changes. */
export const MIGRATIONS = [CoreSchema1763769600000];
