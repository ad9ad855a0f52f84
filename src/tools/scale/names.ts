import { SchoolLevel } from '../../domain/enums';
import type { Rng } from '../demo/rng';

/** The tenants: Thành ủy Hà Nội first, then the other provinces and cities of the 2025 map. */
export interface TenantSpec {
  /** "Thành ủy Hà Nội". */
  name: string;
  /** "Hà Nội": addresses, the training school. */
  locality: string;
  city: boolean;
  /** In e-mail addresses: committee.<slug>@ketnap.scale. */
  slug: string;
  /** Prefix of organization and school codes. */
  code: string;
  /** First three digits of the CCCD numbers of its people. */
  provinceCode: string;
  trainingCentre: string;
}

const PROVINCES: [city: boolean, locality: string, slug: string, code: string, provinceCode: string][] = [
  [true, 'Thành phố Hồ Chí Minh', 'hochiminh', 'HCM', '079'],
  [true, 'Hải Phòng', 'haiphong', 'HP', '031'],
  [false, 'Thanh Hóa', 'thanhhoa', 'TH', '038'],
  [false, 'Nghệ An', 'nghean', 'NA', '040'],
  [false, 'Đồng Nai', 'dongnai', 'DNA', '075'],
  [false, 'An Giang', 'angiang', 'AG', '089'],
  [false, 'Gia Lai', 'gialai', 'GL', '064'],
  [false, 'Đắk Lắk', 'daklak', 'DL', '066'],
  [false, 'Phú Thọ', 'phutho', 'PT', '025'],
  [false, 'Ninh Bình', 'ninhbinh', 'NB', '037'],
  [false, 'Bắc Ninh', 'bacninh', 'BN', '027'],
  [false, 'Hưng Yên', 'hungyen', 'HY', '033'],
  [false, 'Đồng Tháp', 'dongthap', 'DT', '087'],
  [false, 'Vĩnh Long', 'vinhlong', 'VL', '086'],
  [true, 'Đà Nẵng', 'danang', 'DN', '048'],
  [true, 'Cần Thơ', 'cantho', 'CT', '092'],
  [false, 'Lâm Đồng', 'lamdong', 'LD', '068'],
  [false, 'Tây Ninh', 'tayninh', 'TN', '072'],
  [false, 'Quảng Ninh', 'quangninh', 'QN', '022'],
  [false, 'Khánh Hòa', 'khanhhoa', 'KH', '056'],
  [false, 'Quảng Ngãi', 'quangngai', 'QNG', '051'],
  [false, 'Quảng Trị', 'quangtri', 'QT', '045'],
  [false, 'Thái Nguyên', 'thainguyen', 'TNG', '019'],
  [false, 'Lào Cai', 'laocai', 'LCA', '010'],
  [false, 'Tuyên Quang', 'tuyenquang', 'TQ', '008'],
  [false, 'Hà Tĩnh', 'hatinh', 'HT', '042'],
  [false, 'Cà Mau', 'camau', 'CM', '096'],
  [true, 'Huế', 'hue', 'HUE', '046'],
  [false, 'Sơn La', 'sonla', 'SL', '014'],
  [false, 'Lạng Sơn', 'langson', 'LS', '020'],
  [false, 'Cao Bằng', 'caobang', 'CB', '004'],
  [false, 'Điện Biên', 'dienbien', 'DB', '011'],
  [false, 'Lai Châu', 'laichau', 'LC', '012'],
];

/** Tenant `index` (0 = Thành ủy Hà Nội); past the map, names repeat with a number. */
export function tenantSpec(index: number): TenantSpec {
  if (index === 0) {
    return {
      name: 'Thành ủy Hà Nội', locality: 'Hà Nội', city: true, slug: 'hanoi', code: 'HN', provinceCode: '001',
      trainingCentre: 'Trường Đào tạo cán bộ Lê Hồng Phong thành phố Hà Nội',
    };
  }
  const [city, locality, slug, code, provinceCode] = PROVINCES[(index - 1) % PROVINCES.length];
  const round = Math.floor((index - 1) / PROVINCES.length);
  const suffix = round === 0 ? '' : ` ${round + 1}`;
  return {
    name: `${city ? 'Thành ủy' : 'Tỉnh ủy'} ${locality}${suffix}`,
    locality: `${locality}${suffix}`,
    city,
    slug: `${slug}${round === 0 ? '' : round + 1}`,
    code: `${code}${round === 0 ? '' : round + 1}`,
    provinceCode,
    trainingCentre: `Trường Chính trị ${city ? 'thành phố' : 'tỉnh'} ${locality}`,
  };
}

const PLACE_FIRST = [
  'An', 'Bình', 'Hòa', 'Phú', 'Tân', 'Long', 'Mỹ', 'Phước', 'Vĩnh', 'Đông', 'Tây', 'Nam', 'Bắc', 'Hưng', 'Thái', 'Quang', 'Minh',
  'Đại', 'Hồng', 'Thanh', 'Kim', 'Ngọc', 'Xuân', 'Yên', 'Phúc', 'Thượng', 'Trung', 'Lộc', 'Thuận', 'Tiên', 'Cẩm', 'Đức', 'Gia',
  'Hải', 'Khánh', 'Lạc', 'Nghĩa', 'Quảng', 'Sơn', 'Thịnh', 'Tường', 'Văn', 'Vạn', 'Việt', 'Hoàng', 'Liên', 'Cát', 'Tam', 'Song', 'Đồng',
];
const PLACE_SECOND = [
  'An', 'Bình', 'Hòa', 'Phú', 'Lợi', 'Thành', 'Hưng', 'Long', 'Lộc', 'Thịnh', 'Xuân', 'Đông', 'Tây', 'Sơn', 'Giang', 'Hà', 'Lâm',
  'Điền', 'Trung', 'Mỹ', 'Phong', 'Tiến', 'Quang', 'Nghĩa', 'Tân', 'Đức', 'Khánh', 'Hải', 'Định', 'Thuận', 'Hiệp', 'Châu', 'Linh',
  'Mai', 'Nguyên', 'Phương', 'Quý', 'Thủy', 'Trạch', 'Vân', 'Viên', 'Yên', 'Dương', 'Đình', 'Hội', 'Kiều', 'Lương', 'Ninh', 'Xá',
];

export interface CommuneName {
  /** "Phú Lợi". */
  place: string;
  ward: boolean;
  /** "Đảng ủy phường Phú Lợi". */
  committee: string;
  /** "phường Phú Lợi", for addresses. */
  label: string;
}

/** `count` distinct ward and commune names; cities have more wards (Hà Nội: 51 of 126). */
export function communeNames(rng: Rng, count: number, city: boolean): CommuneName[] {
  const used = new Set<string>();
  const names: CommuneName[] = [];
  while (names.length < count) {
    const first = rng.pick(PLACE_FIRST);
    const second = rng.pick(PLACE_SECOND);
    let place = `${first} ${second}`;
    if (first === second) continue;
    if (used.has(place)) {
      if (used.size < PLACE_FIRST.length * PLACE_SECOND.length / 2) continue;
      place = `${place} ${names.length + 1}`;
    }
    used.add(place);
    const ward = rng.chance(city ? 0.4 : 0.15);
    const label = `${ward ? 'phường' : 'xã'} ${place}`;
    names.push({ place, ward, committee: `Đảng ủy ${label}`, label });
  }
  return names;
}

const FAMOUS = [
  'Nguyễn Du', 'Lê Quý Đôn', 'Chu Văn An', 'Trần Phú', 'Lý Thường Kiệt', 'Nguyễn Trãi', 'Trần Hưng Đạo', 'Lê Lợi', 'Quang Trung',
  'Võ Thị Sáu', 'Kim Đồng', 'Lê Văn Tám', 'Nguyễn Văn Trỗi', 'Phan Bội Châu', 'Phan Chu Trinh', 'Nguyễn Đình Chiểu', 'Hai Bà Trưng',
  'Ngô Quyền', 'Đinh Tiên Hoàng', 'Lý Tự Trọng', 'Trần Quốc Toản', 'Nguyễn Bỉnh Khiêm', 'Lương Thế Vinh', 'Tô Hiến Thành',
  'Nguyễn Khuyến', 'Trưng Vương', 'Đoàn Thị Điểm', 'Nguyễn Huệ', 'Hoàng Hoa Thám', 'Trần Nhân Tông', 'Lê Hồng Phong',
  'Nguyễn Thị Minh Khai', 'Phạm Văn Đồng', 'Trần Đại Nghĩa', 'Nguyễn Gia Thiều', 'Lê Ngọc Hân', 'Phan Đình Phùng', 'Nguyễn Tất Thành',
];
const PRESCHOOL_NAMES = [
  'Hoa Sen', 'Hoa Mai', 'Hoa Hồng', 'Hoa Ban', 'Hoa Sữa', 'Sơn Ca', 'Họa Mi', 'Vành Khuyên', 'Bông Sen', 'Tuổi Thơ', 'Măng Non',
  'Búp Sen Hồng', 'Hoa Lan', 'Hoa Phượng', 'Ánh Dương', 'Rạng Đông', 'Sao Mai', 'Thỏ Ngọc', 'Hoa Cúc', 'Hướng Dương', 'Bình Minh',
  'Chim Non', 'Hoa Đào', 'Tuổi Hoa', 'Sao Sáng', 'Hoa Thủy Tiên',
];
const COLLEGE_FIELDS = ['Sư phạm', 'Y tế', 'Công nghiệp', 'Du lịch', 'Kinh tế - Kỹ thuật', 'Nông nghiệp', 'Văn hóa Nghệ thuật', 'Công nghệ'];
const UNIVERSITY_FIELDS = ['Sư phạm', 'Kinh tế', 'Công nghiệp', 'Y Dược', 'Kiến trúc', 'Thủy lợi', 'Luật', 'Văn hóa'];

const PREFIX: Record<SchoolLevel, string> = {
  PRESCHOOL: 'Trường Mầm non',
  PRIMARY: 'Trường Tiểu học',
  LOWER_SECONDARY: 'Trường THCS',
  UPPER_SECONDARY: 'Trường THPT',
  CONTINUING: 'Trung tâm GDNN-GDTX',
  HIGHER: 'Trường',
};
export const LEVEL_TAG: Record<SchoolLevel, string> = {
  PRESCHOOL: 'MN', PRIMARY: 'TH', LOWER_SECONDARY: 'THCS', UPPER_SECONDARY: 'THPT', CONTINUING: 'GDTX', HIGHER: 'CDDH',
};

/** School names of one tenant, distinct within it ("Trường Tiểu học Phú Lợi 2"). */
export class SchoolNamer {
  private readonly used = new Map<string, number>();

  constructor(private readonly rng: Rng, private readonly tenant: TenantSpec) {}

  /** A school of a ward or commune (`place`), or one directly under the city (null). */
  name(level: SchoolLevel, place: string | null): string {
    const rng = this.rng;
    let base: string;
    if (place === null && level === SchoolLevel.UPPER_SECONDARY) {
      base = `${PREFIX[level]} ${rng.chance(0.5) ? 'chuyên ' : ''}${rng.pick(FAMOUS)}`;
    } else if (place === null && level === SchoolLevel.CONTINUING) {
      base = `Trung tâm Giáo dục thường xuyên ${this.tenant.locality}`;
    } else if (place === null && level !== SchoolLevel.HIGHER) {
      base = `${PREFIX[level]} ${rng.pick(FAMOUS)}`;
    } else if (level === SchoolLevel.HIGHER) {
      base = rng.chance(0.6)
        ? `Trường Cao đẳng ${rng.pick(COLLEGE_FIELDS)} ${this.tenant.locality}`
        : `Trường Đại học ${rng.pick(UNIVERSITY_FIELDS)} ${this.tenant.locality}`;
    } else if (level === SchoolLevel.CONTINUING) {
      base = `${PREFIX[level]} ${place ?? this.tenant.locality}`;
    } else if (level === SchoolLevel.PRESCHOOL && rng.chance(0.45)) {
      base = `${PREFIX[level]} ${rng.pick(PRESCHOOL_NAMES)}`;
    } else if (rng.chance(level === SchoolLevel.UPPER_SECONDARY ? 0.6 : 0.25)) {
      base = `${PREFIX[level]} ${rng.pick(FAMOUS)}`;
    } else {
      base = `${PREFIX[level]} ${place ?? this.tenant.locality}`;
    }
    const seen = (this.used.get(base) ?? 0) + 1;
    this.used.set(base, seen);
    return seen === 1 ? base : `${base} ${seen}`;
  }
}

/** The cells under a school's own committee (Đảng bộ trường → chi bộ trực thuộc). */
export function committeeUnits(level: SchoolLevel, count: number): string[] {
  const units =
    level === SchoolLevel.HIGHER
      ? ['Khoa Sư phạm - Ngoại ngữ', 'Khoa Kinh tế - Kỹ thuật', 'Khối Phòng ban - Văn phòng']
      : ['Tổ Toán - Tin - Khoa học Tự nhiên', 'Tổ Ngữ văn - Ngoại ngữ - Xã hội', 'Khối Văn phòng'];
  return units.slice(0, count);
}
