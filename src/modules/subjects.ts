/**
 * The modules' registrations with the core, in one place: each `<m>.subject.ts` registers its
 * subject (auth/subjects.ts), its per-request loaders (graphql/loaders.ts), its global id types
 * and the accounts authentication reads. Imported for its effect by the roots (src/schema.ts,
 * the CLI) before anything scopes a query or builds a context.
 */
import './organization/organization.subject';
import './school/school.subject';
import './member/member.subject';
import './candidate/candidate.subject';
import './user/user.subject';
import './audit/audit.subject';
import './calendar/calendar.subject';
import './api-key/api-key.subject';
