/** The school as the core knows it: its subject (scope view, words, global id) and its relations' loaders. */
import { registerSubject } from '../../auth/subjects';
import { registerLoaders } from '../../graphql/loaders';
import { School } from './school.entity';
import { schoolLoaders, type SchoolLoaders } from './school.loaders';

declare module '../../auth/subjects' {
  interface SubjectTypes { School: School }
}

declare module '../../graphql/global-id' {
  interface GlobalIdTypes { School: true }
}

declare module '../../graphql/loaders' {
  interface ModuleLoaders extends SchoolLoaders {}
}

registerSubject<School>({
  name: 'School', entity: School, alias: 'school', organization: { property: 'organizationId' },
  words: { noun: 'school', one: 'a school' }, globalId: { node: true },
});

registerLoaders(schoolLoaders);
