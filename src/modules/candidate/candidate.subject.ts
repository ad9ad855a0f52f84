/**
 * The candidate as the core knows it: its subject (one scope view for every check of a
 * candidate, the path's steps included), its history's global ids, and its relations' loaders.
 */
import { ancestorIdsOf } from '../../auth/principal';
import { organizationParentId, own, registerSubject } from '../../auth/subjects';
import { registerGlobalIdType } from '../../graphql/global-id';
import { registerLoaders } from '../../graphql/loaders';
import { decidingAmong } from '../organization/authority';
import { Candidate } from './candidate.entity';
import { candidateLoaders, type CandidateLoaders } from './candidate.loaders';

declare module '../../auth/subjects' {
  interface SubjectTypes { Candidate: Candidate }
}

declare module '../../graphql/global-id' {
  interface GlobalIdTypes {
    Candidate: true;
    /** An event of a candidate's history (not a subject of its own: it is read with its candidate). */
    StageEvent: true;
  }
}

declare module '../../graphql/loaders' {
  interface ModuleLoaders extends CandidateLoaders {}
}

registerSubject<Candidate>({
  name: 'Candidate', entity: Candidate, alias: 'candidate', organization: { property: 'organizationId' },
  // cellParentId: who resolves as the grassroots committee (the organization directly above the cell).
  scope: { mentorId: own('mentorId'), cellParentId: organizationParentId },
  // decidingOrganizationId: who decides admissions, the nearest organization above the cell holding the authority.
  async complete(_candidate, cellPath, organizations) {
    const above = ancestorIdsOf(cellPath);
    const holders = new Set((await organizations(above)).filter((organization) => organization.mayDecideAdmission).map((organization) => organization.id));
    return { decidingOrganizationId: decidingAmong(above, (id) => holders.has(id)) };
  },
  words: { noun: 'candidate', one: 'a candidate' }, globalId: { node: true },
});

registerGlobalIdType('StageEvent');
registerLoaders(candidateLoaders);
