import type { BenchDb } from './db';

/**
 * Who and what the scenarios use, chosen from the data itself so the benchmark works on the
 * scale data and on the demo data alike: the largest tenant's city committee, its busiest
 * commune committee, the cell secretary with the most candidates, and for the mutation a pool
 * of candidates (stage SYMPATHIZER or later) in cells that have a secretary user and at least
 * two official members.
 */
export interface OrgUser {
  email: string;
  organizationId: number;
  tenantId: number;
  path: string;
  /** Candidates in the organization's subtree. */
  candidates: number;
}

export interface MutationCell {
  email: string;
  cellId: number;
  /** Two official members of the cell: the mentor alternates between them. */
  mentors: [number, number];
}

export interface MutationCandidate {
  id: number;
  cell: number;
  version: number;
  mentorId: number | null;
}

export interface Fixtures {
  city: OrgUser;
  commune: OrgUser;
  secretary: OrgUser;
  mutation: { cells: MutationCell[]; candidates: MutationCandidate[] };
}

/** Stages at which reassignMentor applies (active, past SOURCE). */
export const MENTOR_STAGES = ['SYMPATHIZER', 'TRAINED', 'DOSSIER', 'CELL_RESOLVED', 'COMMITTEE_RESOLVED', 'ADMITTED', 'PROBATIONARY'];

interface UserRow {
  email: string;
  role: string;
  organization_id: number;
  tenant_id: number;
  path: string;
  kind: string;
  parent_id: number | null;
}

export async function pickFixtures(db: BenchDb, today: string, poolTarget: number): Promise<Fixtures> {
  const users = await db.query<UserRow>(
    `SELECT u.email, u.role, o.id AS organization_id, o.tenant_id, o.path, o.kind, o.parent_id
       FROM app_user u JOIN organization o ON o.id = u.organization_id
      WHERE u.disabled = 0 AND u.role IN ('COMMITTEE', 'CELL_SECRETARY')
      ORDER BY u.id`,
  );
  const perPath = await db.query<{ path: string; n: number | string }>('SELECT o.path, COUNT(*) AS n FROM candidate c JOIN organization o ON o.id = c.organization_id GROUP BY o.path');
  const under = (prefix: string) => perPath.reduce((total, row) => (row.path.startsWith(prefix) ? total + Number(row.n) : total), 0);
  const best = (rows: UserRow[], what: string): OrgUser => {
    const ranked = rows.map((row) => ({ email: row.email, organizationId: Number(row.organization_id), tenantId: Number(row.tenant_id), path: row.path, candidates: under(row.path) })).sort((a, b) => b.candidates - a.candidates || a.organizationId - b.organizationId);
    if (!ranked.length || ranked[0].candidates === 0) throw new Error(`No ${what} user with candidates in the database`);
    return ranked[0];
  };
  const city = best(users.filter((u) => u.role === 'COMMITTEE' && u.parent_id === null), 'city (top) committee');
  const commune = best(users.filter((u) => u.role === 'COMMITTEE' && u.kind === 'COMMUNE_COMMITTEE' && u.path.startsWith(city.path)), 'commune committee');
  const secretaries = users.filter((u) => u.role === 'CELL_SECRETARY' && u.kind === 'SCHOOL_CELL');
  const secretary = best(secretaries, 'cell secretary');

  // The mutation's pool: the cells with the most eligible candidates first.
  const stageList = MENTOR_STAGES.map(() => '?').join(', ');
  const eligible = await db.query<{ organization_id: number; n: number | string }>(
    `SELECT organization_id, COUNT(*) AS n FROM candidate WHERE stage IN (${stageList}) AND stage_since <= ? GROUP BY organization_id`,
    [...MENTOR_STAGES, today],
  );
  const officials = await db.query<{ organization_id: number; a: number; b: number; n: number | string }>(
    "SELECT organization_id, MIN(id) AS a, MAX(id) AS b, COUNT(*) AS n FROM member WHERE status = 'OFFICIAL' GROUP BY organization_id",
  );
  const eligibleBy = new Map(eligible.map((row) => [Number(row.organization_id), Number(row.n)]));
  const officialBy = new Map(officials.filter((row) => Number(row.n) >= 2).map((row) => [Number(row.organization_id), [Number(row.a), Number(row.b)] as [number, number]]));
  const seen = new Set<number>();
  const cells: MutationCell[] = secretaries
    .filter((u) => officialBy.has(Number(u.organization_id)) && (eligibleBy.get(Number(u.organization_id)) ?? 0) > 0)
    .filter((u) => !seen.has(Number(u.organization_id)) && seen.add(Number(u.organization_id)))
    .sort((a, b) => (eligibleBy.get(Number(b.organization_id)) ?? 0) - (eligibleBy.get(Number(a.organization_id)) ?? 0) || Number(a.organization_id) - Number(b.organization_id))
    .map((u) => ({ email: u.email, cellId: Number(u.organization_id), mentors: officialBy.get(Number(u.organization_id)) as [number, number] }));
  const chosen: MutationCell[] = [];
  let total = 0;
  for (const cell of cells) {
    if (total >= poolTarget) break;
    chosen.push(cell);
    total += eligibleBy.get(cell.cellId) ?? 0;
  }
  const candidates: MutationCandidate[] = [];
  for (const cell of chosen) {
    const rows = await db.query<{ id: number; version: number; mentor_id: number | null }>(
      `SELECT id, version, mentor_id FROM candidate WHERE organization_id = ? AND stage IN (${stageList}) AND stage_since <= ? ORDER BY id`,
      [cell.cellId, ...MENTOR_STAGES, today],
    );
    for (const row of rows) candidates.push({ id: Number(row.id), cell: cell.cellId, version: Number(row.version), mentorId: row.mentor_id === null ? null : Number(row.mentor_id) });
  }
  return { city, commune, secretary, mutation: { cells: chosen, candidates: candidates.slice(0, Math.max(poolTarget, 1)) } };
}

/** Re-reads the pool's versions and mentors (after a run, requests cut off in flight may have committed). */
export async function resyncPool(db: BenchDb, pool: MutationCandidate[]): Promise<void> {
  if (!pool.length) return;
  const rows = await db.query<{ id: number; version: number; mentor_id: number | null }>(`SELECT id, version, mentor_id FROM candidate WHERE id IN (${pool.map(() => '?').join(', ')})`, pool.map((c) => c.id));
  const byId = new Map(rows.map((row) => [Number(row.id), row]));
  for (const candidate of pool) {
    const row = byId.get(candidate.id);
    if (!row) continue;
    candidate.version = Number(row.version);
    candidate.mentorId = row.mentor_id === null ? null : Number(row.mentor_id);
  }
}

/** What the mutation scenario changes, to put back afterwards (MySQL). */
export interface WriteSnapshot {
  maxEventId: number;
  maxAuditId: number;
  candidates: { id: number; mentor_id: number | null; version: number; updated_at: string; deadline_kind: string | null; deadline_on: string | null }[];
}

export async function snapshotWrites(db: BenchDb, pool: MutationCandidate[]): Promise<WriteSnapshot> {
  const [events] = await db.query<{ n: number | null }>('SELECT MAX(id) AS n FROM candidate_stage_event');
  const [audits] = await db.query<{ n: number | null }>('SELECT MAX(id) AS n FROM audit_log');
  const candidates = pool.length
    ? await db.query<WriteSnapshot['candidates'][number]>(`SELECT id, mentor_id, version, updated_at, deadline_kind, deadline_on FROM candidate WHERE id IN (${pool.map(() => '?').join(', ')})`, pool.map((c) => c.id))
    : [];
  return { maxEventId: Number(events.n ?? 0), maxAuditId: Number(audits.n ?? 0), candidates };
}

/** Deletes the MENTOR_CHANGED events and audit rows the benchmark added and restores the candidates. */
export async function restoreWrites(db: BenchDb, snapshot: WriteSnapshot): Promise<{ events: number; audits: number; candidates: number }> {
  const ids = snapshot.candidates.map((c) => c.id);
  if (!ids.length) return { events: 0, audits: 0, candidates: 0 };
  const marks = ids.map(() => '?').join(', ');
  const events = (await db.query(`DELETE FROM candidate_stage_event WHERE id > ? AND kind = 'MENTOR_CHANGED' AND candidate_id IN (${marks})`, [snapshot.maxEventId, ...ids])) as unknown as { affectedRows?: number };
  const audits = (await db.query(`DELETE FROM audit_log WHERE id > ? AND action = 'candidate.reassignMentor' AND subject_type = 'Candidate' AND subject_id IN (${marks})`, [snapshot.maxAuditId, ...ids])) as unknown as { affectedRows?: number };
  for (const c of snapshot.candidates) {
    await db.query('UPDATE candidate SET mentor_id = ?, version = ?, updated_at = ?, deadline_kind = ?, deadline_on = ? WHERE id = ?', [c.mentor_id, c.version, c.updated_at, c.deadline_kind, c.deadline_on, c.id]);
  }
  return { events: Number(events.affectedRows ?? 0), audits: Number(audits.affectedRows ?? 0), candidates: ids.length };
}
