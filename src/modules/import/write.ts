/**
 * Writing a checked plan of members or candidates, inside the run's transaction: new members in
 * bulk per cell, new candidates with the history their step dates make, changed records saved;
 * one secretary per cell. Organizations: organizations.ts.
 */
import { In, type EntityManager } from 'typeorm';
import type { RequestContext } from '../../graphql/context';
import { insertCandidate } from '../candidate/candidate.rows';
import { insertMembers } from '../member/member.rows';
import { todayInVietnam } from '../../common/dates';
import { Member } from '../member/member.entity';
import type { User } from '../user/user.entity';
import { refreshDeadlines } from '../candidate/path/path.service';
import type { EducationLevel, Gender, MemberStatus, PersonCategory } from '../../domain/enums';
import type { ImportKind } from './columns';
import { candidateSteps } from './candidate-rows';
import { inChunks, type ImportProgress, type Planned, type RosterRecord } from './plan';

/** New members in bulk (insertMembers, chunked per cell); a cell given a new secretary relieves the previous one first. */
async function insertNewMembers(em: EntityManager, fresh: Planned[]): Promise<void> {
  const relieved = [...new Set(fresh.filter((i) => i.changes.isSecretary).map((i) => i.cell.id))];
  await inChunks(relieved, async (chunk) => {
    await em.update(Member, { organizationId: In(chunk), isSecretary: true }, { isSecretary: false });
  });
  const byCell = new Map<number, Planned[]>();
  for (const item of fresh) byCell.set(item.cell.id, [...(byCell.get(item.cell.id) ?? []), item]);
  for (const items of byCell.values()) {
    await insertMembers(
      em,
      items[0].cell,
      items.map(({ parsed, changes: v }) => ({
        fullName: String(parsed.fullName),
        category: v.category as PersonCategory,
        status: v.status as MemberStatus,
        gender: v.gender as Gender | null,
        dateOfBirth: v.dateOfBirth as string | null,
        admittedOn: v.admittedOn as string | null,
        officialOn: v.officialOn as string | null,
        isSecretary: v.isSecretary as boolean,
        isPrincipal: v.isPrincipal as boolean,
        nationalId: (v.nationalId as string | undefined) ?? null,
      })),
    );
  }
}

export async function apply(em: EntityManager, ctx: RequestContext, kind: ImportKind, plan: Planned[], onProgress?: ImportProgress): Promise<void> {
  let waiting = false;
  if (kind === 'members') await insertNewMembers(em, plan.filter((item) => !item.existing));
  for (const [index, item] of plan.entries()) {
    onProgress?.('writing', index + 1, plan.length);
    if (item.existing && Object.keys(item.changes).length === 0) continue;
    if (kind === 'members' && !item.existing) continue;
    let saved: RosterRecord;
    if (item.existing) {
      Object.assign(item.existing, item.changes);
      saved = await em.save(item.existing);
    } else {
      const v = item.changes;
      // Step dates are used for a new candidate only; an existing one's history is left alone.
      const steps = candidateSteps(item.parsed, todayInVietnam());
      if (steps.length > 1) waiting = true;
      const recordedBy = ctx.principal?.userId ? ({ id: ctx.principal.userId } as User) : null;
      saved = await insertCandidate(
        em,
        item.cell,
        {
          fullName: String(item.parsed.fullName),
          dateOfBirth: v.dateOfBirth as string,
          gender: v.gender as Gender,
          category: v.category as PersonCategory,
          educationLevel: v.educationLevel as EducationLevel,
          grade: v.grade as number | null,
          youthUnionMember: v.youthUnionMember as boolean,
          nationalId: (v.nationalId as string | undefined) ?? null,
          phone: v.phone as string | null,
          steps,
        },
        recordedBy,
      );
    }
    if (kind === 'members' && (saved as Member).isSecretary && item.changes.isSecretary) {
      // One secretary per cell: naming a new one relieves the previous (as updateMember does).
      await em
        .createQueryBuilder()
        .update(Member)
        .set({ isSecretary: false })
        .where('organization_id = :organizationId AND id <> :keepId AND is_secretary = :yes', { organizationId: item.cell.id, keepId: saved.id, yes: true })
        .execute();
    }
  }
  if (waiting) await refreshDeadlines(em, ctx.config.rules, plan[0]?.cell.tenantId);
}
