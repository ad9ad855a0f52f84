/** The calendar as the core knows it: public holidays as a subject (system-wide, no place in the tree), and the working-day calendar per request. */
import { registerSubject } from '../../auth/subjects';
import { registerLoaders } from '../../graphql/loaders';
import { PublicHoliday } from './holiday.entity';
import { cachedCalendar, type WorkingCalendar } from './working-days';

declare module '../../auth/subjects' {
  interface SubjectTypes { PublicHoliday: PublicHoliday }
}

declare module '../../graphql/loaders' {
  interface ModuleLoaders {
    /** The working-day calendar (public holidays), shared by the requests of this instance. */
    workingCalendar(): Promise<WorkingCalendar>;
  }
}

registerSubject<PublicHoliday>({ name: 'PublicHoliday', entity: PublicHoliday, alias: 'holiday', words: { noun: 'public holiday', one: 'a public holiday' } });

registerLoaders((em) => ({ workingCalendar: () => cachedCalendar(em) }));
