/**
 * Made-up people for OCR tests and the benchmark: common surnames and given-name characters, real
 * district codes, numbers with a valid GB 11643 check character (or a deliberately wrong one).
 */
import { mod11CheckChar } from '../../idcard/index.ts';

/** mulberry32: small, seeded, good enough to vary test images reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rand: () => number, items: readonly T[]): T =>
  items[Math.floor(rand() * items.length)]!;

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '高',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀',
  '英',
  '华',
  '平',
  '刚',
  '桂',
  '兰',
  '玉',
  '文',
  '建',
  '国',
  '春',
  '梅',
];
const DISTRICTS = [
  { code: '110105', address: '北京市朝阳区建国路' },
  { code: '310104', address: '上海市徐汇区漕溪北路' },
  { code: '440106', address: '广东省广州市天河区体育西路' },
  { code: '510107', address: '四川省成都市武侯区人民南路' },
  { code: '330106', address: '浙江省杭州市西湖区文三路' },
  { code: '420106', address: '湖北省武汉市武昌区中南路' },
  { code: '610113', address: '陕西省西安市雁塔区长安南路' },
  { code: '320102', address: '江苏省南京市玄武区中山路' },
] as const;
const ETHNICITIES = ['汉', '汉', '汉', '回', '满', '壮', '蒙古'];

export interface SyntheticPerson {
  name: string;
  sex: '男' | '女';
  ethnicity: string;
  birth: { year: number; month: number; day: number };
  address: string;
  number: string;
  /** False when the number was given a wrong check character on purpose. */
  checkDigitValid: boolean;
}

export function syntheticPerson(
  rand: () => number,
  opts: { wrongCheckDigit?: boolean } = {},
): SyntheticPerson {
  const givenLength = rand() < 0.6 ? 2 : 1;
  let name = pick(rand, SURNAMES);
  for (let i = 0; i < givenLength; i++) name += pick(rand, GIVEN);
  const district = pick(rand, DISTRICTS);
  const year = 1940 + Math.floor(rand() * 66);
  const month = 1 + Math.floor(rand() * 12);
  const day = 1 + Math.floor(rand() * 28);
  const seq = String(Math.floor(rand() * 1000)).padStart(3, '0');
  const sex = Number(seq[2]) % 2 === 1 ? '男' : '女';
  const body = `${district.code}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${seq}`;
  const check = mod11CheckChar(body)!;
  const wrong = opts.wrongCheckDigit === true;
  const checkChar = wrong ? '10X98765432'.replace(check, '')[Math.floor(rand() * 10)]! : check;
  return {
    name,
    sex,
    ethnicity: pick(rand, ETHNICITIES),
    birth: { year, month, day },
    address: `${district.address}${1 + Math.floor(rand() * 300)}号${1 + Math.floor(rand() * 20)}栋${101 + Math.floor(rand() * 20)}室`,
    number: body + checkChar,
    checkDigitValid: !wrong,
  };
}
