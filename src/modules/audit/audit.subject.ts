/** The audit log's entries as the core knows them: their subject (scope view, words). */
import { registerSubject } from '../../auth/subjects';
import { AuditLog } from './audit.entity';

declare module '../../auth/subjects' {
  interface SubjectTypes { AuditEntry: AuditLog }
}

registerSubject<AuditLog>({
  name: 'AuditEntry', entity: AuditLog, alias: 'audit',
  // System-wide entries (public holidays) belong to no organization.
  organization: { property: 'organizationId', optional: true },
  words: { noun: 'audit entry', one: 'an audit entry' },
});
