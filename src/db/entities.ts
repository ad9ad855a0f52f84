import { Organization, OrganizationMove } from '../modules/organization/organization.entity';
import { School, SchoolHeadcount } from '../modules/school/school.entity';
import { Member } from '../modules/member/member.entity';
import { Candidate, CandidateStageEvent, CandidateStallReason } from '../modules/candidate/candidate.entity';
import { User } from '../modules/user/user.entity';
import { AuditLog } from '../modules/audit/audit.entity';
import { PublicHoliday } from '../modules/calendar/holiday.entity';
import { WorkingWeekendDay } from '../modules/calendar/working-weekend-day.entity';
import { Target } from '../modules/report/target.entity';
import { ApiKey } from '../modules/api-key/api-key.entity';
import { LoginFailure } from '../auth/login-failure.entity';

export const ENTITIES = [
  Organization,
  OrganizationMove,
  School,
  SchoolHeadcount,
  Member,
  Candidate,
  CandidateStallReason,
  CandidateStageEvent,
  User,
  AuditLog,
  PublicHoliday,
  WorkingWeekendDay,
  Target,
  ApiKey,
  LoginFailure,
];
