import { Organization, OrganizationMove } from './organization/organization.entity';
import { School, SchoolHeadcount } from './school/school.entity';
import { Member } from './member/member.entity';
import { Candidate, CandidateStageEvent, CandidateStallReason } from './candidate/candidate.entity';
import { User } from './user/user.entity';
import { AuditLog } from './audit/audit.entity';
import { PublicHoliday } from './calendar/holiday.entity';
import { WorkingWeekendDay } from './calendar/working-weekend-day.entity';
import { Target } from './report/target.entity';
import { ApiKey } from './api-key/api-key.entity';
import { LoginFailure } from '../auth/login-failure.entity';

/** Every entity of the schema: the roots (server, CLI, ormconfig, tests) hand this list to db/ when they open the database. */
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
