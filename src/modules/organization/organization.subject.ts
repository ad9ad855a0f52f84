/** The organization as the core knows it: its subject (scope view, words, global id) and its relations' loaders. */
import { own, registerSubject } from '../../auth/subjects';
import { registerLoaders } from '../../graphql/loaders';
import { Organization } from './organization.entity';
import { organizationLoaders, type OrganizationLoaders } from './organization.loaders';

declare module '../../auth/subjects' {
  interface SubjectTypes { Organization: Organization }
}

declare module '../../graphql/global-id' {
  interface GlobalIdTypes { Organization: true }
}

declare module '../../graphql/loaders' {
  interface ModuleLoaders extends OrganizationLoaders {}
}

registerSubject<Organization>({
  name: 'Organization', entity: Organization, alias: 'organization',
  // An organization is its own place in the tree.
  pathProperty: 'path',
  scope: { id: own('id'), path: own('path'), parentId: own('parentId') },
  words: { noun: 'organization', one: 'an organization' }, globalId: { node: true },
});

registerLoaders(organizationLoaders);
