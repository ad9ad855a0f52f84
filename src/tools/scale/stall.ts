import { CandidateStage as S, StallReason } from '../../domain/enums';
import type { TenantContext } from './context';

/** Why candidates stall (seeds 000 and 004), and why some leave the way. */
export interface StallPlan {
  reason: StallReason;
  note: string;
  recordedOn: string;
}

const NOTES: Record<StallReason, string[]> = {
  BACKGROUND_ISSUE: ['Vướng lý lịch: chưa thẩm tra xong lý lịch người thân', 'Lý lịch gia đình cần xác minh thêm ở nơi cư trú cũ'],
  QUALIFICATION: ['Hạn chế về trình độ chuyên môn, đang học nâng chuẩn', 'Chưa đạt chuẩn trình độ đào tạo theo quy định'],
  UNDER_AGE: ['Chưa đủ 18 tuổi'],
  NEAR_RETIREMENT: ['Lớn tuổi, sắp nghỉ hưu'],
  FAMILY_OR_ECONOMIC: ['Hoàn cảnh gia đình khó khăn', 'Gia đình đơn chiếc, chú trọng kinh tế gia đình'],
  NOT_WILLING: ['Chưa muốn vào Đảng, cần tiếp tục vận động', 'Chưa thật sự tự nguyện, cần bồi dưỡng thêm'],
  TRANSFERRED: ['Đang làm thủ tục chuyển công tác', 'Có quyết định điều động sang trường khác'],
  OTHER: ['Đang nghỉ chế độ thai sản', 'Đi học tập trung dài hạn'],
};

const R = StallReason;
/** How often each reason stalls a candidate, relatively. */
const STALL_WEIGHTS: [StallReason, number][] = [[R.BACKGROUND_ISSUE, 22], [R.QUALIFICATION, 14], [R.FAMILY_OR_ECONOMIC, 22], [R.NOT_WILLING, 22], [R.NEAR_RETIREMENT, 8], [R.TRANSFERRED, 4], [R.OTHER, 8]];
/** Why a candidate left the way, relatively (students aside). */
const EXIT_WEIGHTS: [StallReason, number][] = [[R.TRANSFERRED, 35], [R.NOT_WILLING, 20], [R.FAMILY_OR_ECONOMIC, 20], [R.BACKGROUND_ISSUE, 12], [R.QUALIFICATION, 5], [R.NEAR_RETIREMENT, 4], [R.OTHER, 4]];

const BEFORE_VOTE: readonly S[] = [S.SOURCE, S.SYMPATHIZER, S.TRAINED, S.DOSSIER];

/** Reasons an active candidate before the vote is stalled (about one in eleven); NEAR_RETIREMENT only for staff at the start. */
export function stallFor(ctx: TenantContext, outcome: S, staff: boolean): Omit<StallPlan, 'recordedOn'>[] {
  if (!BEFORE_VOTE.includes(outcome) || !ctx.rng.chance(0.09)) return [];
  const allowed = STALL_WEIGHTS.filter(([reason]) => reason !== StallReason.NEAR_RETIREMENT || (staff && (outcome === S.SOURCE || outcome === S.SYMPATHIZER)));
  const first = ctx.rng.weighted(allowed);
  const reasons = [first];
  if (ctx.rng.chance(0.12)) {
    const second = ctx.rng.weighted(allowed.filter(([reason]) => reason !== first && reason !== StallReason.NEAR_RETIREMENT));
    reasons.push(second);
  }
  return reasons.map((reason) => ({ reason, note: ctx.rng.pick(NOTES[reason]) }));
}

/** A grade-12 pupil not yet 18: the cell waits for the birthday. */
export function underAgeStall(eligibleFrom: string): Omit<StallPlan, 'recordedOn'> {
  return { reason: StallReason.UNDER_AGE, note: `Chưa đủ 18 tuổi, đủ tuổi từ ngày ${eligibleFrom}` };
}

/** Why a candidate left: dropped along the way, or rejected by the vote or the decision. */
export function exitReason(ctx: TenantContext, outcome: S, reached: S, student: boolean, needsCommittee: boolean): { reason: StallReason | null; text: string } {
  if (outcome === S.REJECTED) {
    if (reached === S.DOSSIER) return { reason: null, text: 'Biểu quyết của chi bộ không đạt 2/3 số đảng viên chính thức' };
    if (reached === S.CELL_RESOLVED && needsCommittee) return { reason: StallReason.BACKGROUND_ISSUE, text: 'Đảng ủy cơ sở không đồng ý đề nghị kết nạp: lý lịch chưa rõ ràng' };
    return { reason: StallReason.BACKGROUND_ISSUE, text: 'Cấp ủy có thẩm quyền không đồng ý kết nạp: kết quả thẩm tra lý lịch chưa đạt' };
  }
  if (student) return ctx.rng.chance(0.7) ? { reason: StallReason.TRANSFERRED, text: 'Tốt nghiệp, ra trường trước khi đủ điều kiện' } : { reason: StallReason.NOT_WILLING, text: 'Xin rút, tập trung ôn thi' };
  const reason = ctx.rng.weighted(EXIT_WEIGHTS);
  const texts: Record<StallReason, string> = {
    TRANSFERRED: 'Chuyển công tác sang đơn vị khác',
    NOT_WILLING: 'Xin rút khỏi danh sách, chưa muốn vào Đảng',
    FAMILY_OR_ECONOMIC: 'Hoàn cảnh gia đình, xin dừng',
    BACKGROUND_ISSUE: 'Vướng lý lịch, không đủ điều kiện',
    QUALIFICATION: 'Chưa đạt chuẩn chuyên môn',
    NEAR_RETIREMENT: 'Đến tuổi nghỉ hưu',
    UNDER_AGE: 'Chưa đủ tuổi',
    OTHER: 'Nghỉ việc',
  };
  return { reason, text: texts[reason] };
}
