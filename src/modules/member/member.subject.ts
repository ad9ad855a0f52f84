/** The member as the core knows it: its subject (scope view, words, global id). */
import { own, registerSubject } from '../../auth/subjects';
import { Member } from './member.entity';

declare module '../../auth/subjects' {
  interface SubjectTypes { Member: Member }
}

declare module '../../graphql/global-id' {
  interface GlobalIdTypes { Member: true }
}

registerSubject<Member>({
  name: 'Member', entity: Member, alias: 'member', organization: { property: 'organizationId' },
  scope: { id: own('id') },
  words: { noun: 'member', one: 'a member' }, globalId: { node: true },
});
