/**
 * The people of a tenant, made deterministically from its seeded PRNG: Vietnamese names, national
 * ids and phone numbers. Nothing here reads the clock or Math.random, so the same seed always gives
 * the same people.
 */
import { EducationLevel, Gender, PersonCategory, SchoolLevel } from '../../domain/enums';
import { parts } from '../../common/dates';
import type { Rng } from './rng';

const FAMILY_NAMES = [
  'Nguyễn', 'Nguyễn', 'Nguyễn', 'Nguyễn', 'Trần', 'Trần', 'Lê', 'Lê', 'Phạm', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan',
  'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Trương', 'Lương', 'Mai', 'Cao', 'Tạ', 'Đoàn', 'Lâm',
];
const MALE_MIDDLE = ['Văn', 'Văn', 'Văn', 'Đức', 'Minh', 'Hữu', 'Quốc', 'Thanh', 'Công', 'Ngọc', 'Trọng', 'Xuân', 'Đình', 'Tấn', 'Hoàng'];
const FEMALE_MIDDLE = ['Thị', 'Thị', 'Thị', 'Thị', 'Ngọc', 'Thanh', 'Thu', 'Kim', 'Minh', 'Hồng', 'Mỹ', 'Bích', 'Phương', 'Thúy'];
const MALE_GIVEN = [
  'Hùng', 'Dũng', 'Minh', 'Tuấn', 'Hải', 'Nam', 'Long', 'Phong', 'Quang', 'Sơn', 'Thắng', 'Trung', 'Khoa', 'Bảo', 'Huy', 'Khánh',
  'Lâm', 'Nhân', 'Phúc', 'Tài', 'Thành', 'Tiến', 'Toàn', 'Vinh', 'Hiếu', 'Đạt', 'Cường', 'Hòa', 'Lộc', 'Tâm', 'Trí', 'Duy', 'Hưng',
  'Kiên', 'Nghĩa', 'Quân', 'Thịnh', 'Việt',
];
const FEMALE_GIVEN = [
  'Lan', 'Hoa', 'Mai', 'Hương', 'Thảo', 'Trang', 'Linh', 'Ngọc', 'Hạnh', 'Nhung', 'Phương', 'Thủy', 'Yến', 'Hằng', 'Dung', 'Loan',
  'Vân', 'Hà', 'Oanh', 'Trinh', 'Tuyết', 'Diễm', 'Nga', 'Hiền', 'Huyền', 'Ly', 'My', 'Nhi', 'Quyên', 'Thư', 'Tiên', 'Uyên', 'Xuân',
  'Giang', 'Châu', 'Ánh',
];

/** Generates the people of one tenant: names, national ids (CCCD) and phone numbers. */
export class People {
  private serial = 0;

  /** provinceCode: the 3-digit province code that opens a CCCD number (Đồng Tháp 087...). */
  constructor(
    readonly rng: Rng,
    private readonly provinceCode: string,
  ) {}

  gender(femaleShare: number): Gender {
    return this.rng.chance(femaleShare) ? Gender.FEMALE : Gender.MALE;
  }

  name(gender: Gender): string {
    const female = gender === Gender.FEMALE;
    const middle = this.rng.pick(female ? FEMALE_MIDDLE : MALE_MIDDLE);
    let given = this.rng.pick(female ? FEMALE_GIVEN : MALE_GIVEN);
    while (given === middle) given = this.rng.pick(female ? FEMALE_GIVEN : MALE_GIVEN);
    return `${this.rng.pick(FAMILY_NAMES)} ${middle} ${given}`;
  }

  /**
   * A 12-digit CCCD number: province (3), century and gender (1), year of birth (2), serial (6).
   * The serial is a permutation of a counter, so numbers never repeat within a tenant.
   */
  nationalId(gender: Gender, dateOfBirth: string): string {
    const year = parts(dateOfBirth)[0];
    const centuryGender = (year >= 2000 ? 2 : 0) + (gender === Gender.FEMALE ? 1 : 0);
    const serial = (this.serial++ * 7919 + 104729) % 1_000_000;
    return `${this.provinceCode}${centuryGender}${String(year % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
  }

  phone(): string {
    return `09${String(this.rng.int(0, 99_999_999)).padStart(8, '0')}`;
  }
}

export interface Person {
  fullName: string;
  gender: Gender;
  dateOfBirth: string;
  category: PersonCategory;
  educationLevel: EducationLevel;
  grade: number | null;
  youthUnionMember: boolean;
  nationalId: string;
  phone: string;
}

/** Share of women among teachers and staff, by school level. */
export const FEMALE_SHARE: Record<SchoolLevel, number> = {
  PRESCHOOL: 0.97, PRIMARY: 0.78, LOWER_SECONDARY: 0.68, UPPER_SECONDARY: 0.55, CONTINUING: 0.5, HIGHER: 0.5,
};
