/** The API key as the core knows it: its subject (scope view, words, global id) and the keys authentication reads. */
import { registerAccounts } from '../../auth/authenticate';
import { registerSubject } from '../../auth/subjects';
import { ApiKey } from './api-key.entity';
import { keyByPrefix } from './api-key.service';

declare module '../../auth/subjects' {
  interface SubjectTypes { ApiKey: ApiKey }
}

declare module '../../graphql/global-id' {
  interface GlobalIdTypes { ApiKey: true }
}

registerSubject<ApiKey>({
  name: 'ApiKey', entity: ApiKey, alias: 'api_key', organization: { property: 'organizationId' },
  // Its GraphQL type does not implement Node: node(id) answers null for it.
  words: { noun: 'API key', one: 'an API key' }, globalId: { node: false },
});

registerAccounts({ keyByPrefix });
