import { CoreSchema1763769600000 } from './1763769600000-CoreSchema';
import { CandidatePath1763856000000 } from './1763856000000-CandidatePath';
import { Targets1763942400000 } from './1763942400000-Targets';
import { LoginAttempts1764028800000 } from './1764028800000-LoginAttempts';
import { ApiKeys1764115200000 } from './1764115200000-ApiKeys';
import { MemberSecretaryIndex1764201600000 } from './1764201600000-MemberSecretaryIndex';
import { FigureIndexes1764288000000 } from './1764288000000-FigureIndexes';
import { UnicodeSearchKeys1764374400000 } from './1764374400000-UnicodeSearchKeys';
import { WorkingWeekendDays1764460800000 } from './1764460800000-WorkingWeekendDays';
import { DictionarySortKeys1764547200000 } from './1764547200000-DictionarySortKeys';
import { CandidatePersonIndexes1764633600000 } from './1764633600000-CandidatePersonIndexes';
import { SortKeyDigits1764720000000 } from './1764720000000-SortKeyDigits';

/** Every migration, in order. The only way the schema changes. */
export const MIGRATIONS = [CoreSchema1763769600000, CandidatePath1763856000000, Targets1763942400000, LoginAttempts1764028800000, ApiKeys1764115200000, MemberSecretaryIndex1764201600000, FigureIndexes1764288000000, UnicodeSearchKeys1764374400000, WorkingWeekendDays1764460800000, DictionarySortKeys1764547200000, CandidatePersonIndexes1764633600000, SortKeyDigits1764720000000];
