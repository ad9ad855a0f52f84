import type { DataSource } from 'typeorm';
import { Organization, OrganizationMove } from '../../../src/modules/organization/organization.entity';
import { Target } from '../../../src/modules/report/target.entity';
import { School } from '../../../src/modules/school/school.entity';
import { Member } from '../../../src/modules/member/member.entity';
import { Candidate, CandidateStageEvent } from '../../../src/modules/candidate/candidate.entity';
import { User } from '../../../src/modules/user/user.entity';
import { AuditLog } from '../../../src/modules/audit/audit.entity';
import { ApiKey } from '../../../src/modules/api-key/api-key.entity';

/** The matrix's world: every row of the database, read directly (nothing goes through src/auth). */

export interface World {
  orgs: Organization[];
  orgById: Map<number, Organization>;
  schools: School[];
  schoolById: Map<number, School>;
  members: Member[];
  memberById: Map<number, Member>;
  candidates: Candidate[];
  candidateById: Map<number, Candidate>;
  users: User[];
  userById: Map<number, User>;
  events: CandidateStageEvent[];
  eventsByCandidate: Map<number, CandidateStageEvent[]>;
  audit: AuditLog[];
  auditById: Map<number, AuditLog>;
  apiKeys: ApiKey[];
  apiKeyById: Map<number, ApiKey>;
  targets: Target[];
  moves: OrganizationMove[];
  /** Tenant root names by tenant id. */
  tenantName: Map<number, string>;
}

const byId = <T extends { id: number }>(rows: T[]): Map<number, T> => new Map(rows.map((row) => [row.id, row]));

export async function loadWorld(ds: DataSource): Promise<World> {
  const orgs = await ds.getRepository(Organization).find({ order: { id: 'ASC' } });
  const schools = await ds.getRepository(School).find({ order: { id: 'ASC' } });
  const members = await ds.getRepository(Member).find({ order: { id: 'ASC' } });
  const candidates = await ds.getRepository(Candidate).find({ order: { id: 'ASC' } });
  const users = await ds.getRepository(User).find({ order: { id: 'ASC' } });
  const events = await ds.getRepository(CandidateStageEvent).find({ order: { id: 'ASC' } });
  const eventsByCandidate = new Map<number, CandidateStageEvent[]>();
  for (const event of events) eventsByCandidate.set(event.candidateId, [...(eventsByCandidate.get(event.candidateId) ?? []), event]);
  const world: World = {
    orgs,
    orgById: byId(orgs),
    schools,
    schoolById: byId(schools),
    members,
    memberById: byId(members),
    candidates,
    candidateById: byId(candidates),
    users,
    userById: byId(users),
    events,
    eventsByCandidate,
    audit: [],
    auditById: new Map(),
    apiKeys: [],
    apiKeyById: new Map(),
    targets: await ds.getRepository(Target).find({ order: { id: 'ASC' } }),
    moves: await ds.getRepository(OrganizationMove).find({ order: { id: 'ASC' } }),
    tenantName: new Map(orgs.filter((o) => o.parentId === null).map((o) => [o.id, o.name])),
  };
  await refreshLogs(ds, world);
  return world;
}

/** The audit log and the API keys change while the matrix runs (exports are audited): re-read them. */
export async function refreshLogs(ds: DataSource, world: World): Promise<void> {
  world.audit = await ds.getRepository(AuditLog).find({ order: { id: 'ASC' } });
  world.auditById = byId(world.audit);
  world.apiKeys = await ds.getRepository(ApiKey).find({ order: { id: 'ASC' } });
  world.apiKeyById = byId(world.apiKeys);
}
