/** The candidate's relations, loaded per request: the long text columns lists leave out, stall reasons, history. */
import DataLoader from 'dataloader';
import { In, type EntityManager } from 'typeorm';
import { groupedBy } from '../../graphql/loaders';
import { Candidate, CandidateStageEvent, CandidateStallReason } from './candidate.entity';

export function candidateLoaders(em: EntityManager) {
  return {
    /** The long text columns lists leave out (notes, address, email), by candidate id. */
    candidateText: new DataLoader<number, Pick<Candidate, 'notes' | 'address' | 'email'> | null>(async (ids) => {
      const rows = await em.getRepository(Candidate).find({ where: { id: In([...ids]) }, select: { id: true, notes: true, address: true, email: true } });
      const byKey = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byKey.get(id) ?? null);
    }),
    stallReasons: groupedBy(em, CandidateStallReason, 'candidateId', { id: 'ASC' }),
    history: groupedBy(em, CandidateStageEvent, 'candidateId', { id: 'ASC' }),
  };
}

export type CandidateLoaders = ReturnType<typeof candidateLoaders>;
