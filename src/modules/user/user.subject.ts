/** The user account as the core knows it: its subject (scope view, words, global id) and the accounts authentication reads. */
import { registerAccounts } from '../../auth/authenticate';
import { own, registerSubject } from '../../auth/subjects';
import { User } from './user.entity';
import { userAccounts } from './user.accounts';

declare module '../../auth/subjects' {
  interface SubjectTypes { User: User }
}

declare module '../../graphql/global-id' {
  interface GlobalIdTypes { User: true }
}

registerSubject<User>({
  name: 'User', entity: User, alias: 'app_user',
  // System administrators act for no organization.
  organization: { property: 'organizationId', optional: true },
  scope: { role: own('role') },
  words: { noun: 'user account', one: 'a user account' }, globalId: { node: true },
});

registerAccounts(userAccounts);
