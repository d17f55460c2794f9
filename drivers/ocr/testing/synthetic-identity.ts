/**
 * Made-up people for OCR tests and the benchmark: names from testing/names.ts, real district codes,
 * numbers of each card type with a valid check character (or a deliberately wrong one).
 */
import { foreign2017CheckDigit, mod11CheckChar } from '../../idcard/index.ts';
import type { CardType } from '../types.ts';
import { type NameKind, syntheticName } from './names.ts';
import { pick } from './random.ts';

export { pick, seededRandom } from './random.ts';

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

const HMT_REGIONS = [
  { code: '810000', address: '香港特别行政区九龙旺角弥敦道' },
  { code: '820000', address: '澳门特别行政区新马路' },
  { code: '830000', address: '台湾省台北市信义区松仁路' },
] as const;
/** Nationalities of foreign permanent residents: alpha-3, GB/T 2659 numeric, Chinese name. */
const NATIONS = [
  { alpha: 'CAN', numeric: '124', zh: '加拿大' },
  { alpha: 'DEU', numeric: '276', zh: '德国' },
  { alpha: 'USA', numeric: '840', zh: '美国' },
  { alpha: 'FRA', numeric: '250', zh: '法国' },
  { alpha: 'KOR', numeric: '410', zh: '韩国' },
] as const;
const LATIN_SURNAMES = ['SMITH', 'MUELLER', 'MARTIN', 'KIM', 'BROWN', 'SCHMIDT', 'LEE', 'DUBOIS'];
const LATIN_GIVEN = ['JOHN', 'ANNA', 'PETER', 'MARIE', 'DAVID', 'SOPHIE', 'MINJUN', 'LUCAS'];

export interface SyntheticPerson {
  cardType: CardType;
  /** The Chinese name as printed; empty when a 2017 foreign card carries none. */
  name: string;
  nameKind: NameKind;
  /** Foreign cards: the English name line, "SURNAME, GIVEN". */
  englishName?: string;
  /** Foreign cards: "加拿大/CAN". */
  nationality?: string;
  sex: '男' | '女';
  ethnicity: string;
  birth: { year: number; month: number; day: number };
  address: string;
  number: string;
  /** False when the number was given a wrong check character on purpose. */
  checkDigitValid: boolean;
}

export interface PersonOptions {
  wrongCheckDigit?: boolean;
  cardType?: CardType;
  nameKind?: NameKind;
  /** 2017 foreign cards only: print no Chinese name. */
  noChineseName?: boolean;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** A wrong check character for `check`, drawn from `alphabet`. */
function wrongCheck(rand: () => number, check: string, alphabet: string): string {
  const others = alphabet.replace(check, '');
  return others[Math.floor(rand() * others.length)]!;
}

export function syntheticPerson(rand: () => number, opts: PersonOptions = {}): SyntheticPerson {
  const cardType = opts.cardType ?? 'resident';
  const { name, kind } = syntheticName(rand, opts.nameKind);
  const district = pick(rand, DISTRICTS);
  const year = 1940 + Math.floor(rand() * 66);
  const month = 1 + Math.floor(rand() * 12);
  const day = 1 + Math.floor(rand() * 28);
  const seq = String(Math.floor(rand() * 1000)).padStart(3, '0');
  const sex = Number(seq[2]) % 2 === 1 ? '男' : '女';
  const birth = `${year}${two(month)}${two(day)}`;
  const wrong = opts.wrongCheckDigit === true;
  const nation = pick(rand, NATIONS);
  let number: string;
  let address: string = `${district.address}${1 + Math.floor(rand() * 300)}号${1 + Math.floor(rand() * 20)}栋${101 + Math.floor(rand() * 20)}室`;
  if (cardType === 'foreign-2017') {
    const body = `${nation.alpha}${two(11 + Math.floor(rand() * 50))}${Math.floor(rand() * 100)
      .toString()
      .padStart(2, '0')}${birth.slice(2)}${Math.floor(rand() * 10)}`;
    const check = foreign2017CheckDigit(body)!;
    number = body + (wrong ? wrongCheck(rand, check, '0123456789') : check);
    address = '';
  } else {
    const prefix =
      cardType === 'foreign-2023'
        ? `9${two(11 + Math.floor(rand() * 50))}${nation.numeric}`
        : cardType === 'hmt-residence'
          ? pick(rand, HMT_REGIONS).code
          : district.code;
    if (cardType === 'hmt-residence')
      address = `${pick(rand, HMT_REGIONS).address}${1 + Math.floor(rand() * 300)}号`;
    const body = `${prefix}${birth}${seq}`;
    const check = mod11CheckChar(body)!;
    number = body + (wrong ? wrongCheck(rand, check, '10X98765432') : check);
  }
  const foreign = cardType === 'foreign-2017' || cardType === 'foreign-2023';
  return {
    cardType,
    name: cardType === 'foreign-2017' && opts.noChineseName ? '' : name,
    nameKind: kind,
    ...(foreign
      ? {
          englishName: `${pick(rand, LATIN_SURNAMES)}, ${pick(rand, LATIN_GIVEN)}`,
          nationality: `${nation.zh}/${nation.alpha}`,
        }
      : {}),
    sex,
    ethnicity: pick(rand, ETHNICITIES),
    birth: { year, month, day },
    address,
    number,
    checkDigitValid: !wrong,
  };
}
