/**
 * Made-up names for synthetic cards: common surnames and given-name characters, compound surnames,
 * names with rare characters (生僻字, some outside the basic CJK block) and minority names joined by
 * a middle dot. None is meant to be a real person.
 */
import { pick } from './random.ts';

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢';
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '慕容'];
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华平刚桂兰玉文建国春梅志海霞红云飞鹏辉燕宇晨婷雪琳浩佳欣悦子涵';
/** Characters rare on cards and in OCR training text; the last three are in CJK Extension A. */
const RARE = [
  '堃',
  '喆',
  '赟',
  '犇',
  '淼',
  '珺',
  '婧',
  '翀',
  '彧',
  '燚',
  '垚',
  '龑',
  '昇',
  '玥',
  '琤',
  '㛃',
  '䶮',
  '㵘',
];
/** Uyghur- and Kazakh-style names as printed on resident cards: transliterated parts joined by '·'. */
const MINORITY = [
  '阿依古丽·买买提',
  '热依拉·艾力',
  '艾尔肯·吐尔逊',
  '古丽娜·阿不都',
  '努尔·沙比提',
  '米娜·托合提',
];

export type NameKind = 'common' | 'compound' | 'rare' | 'minority';

export interface SyntheticName {
  name: string;
  kind: NameKind;
}

const chars = (s: string): string[] => Array.from(s);

/** A name of the given kind (or a mix: mostly common, some of each other kind). */
export function syntheticName(rand: () => number, kind?: NameKind): SyntheticName {
  const k: NameKind =
    kind ?? (rand() < 0.7 ? 'common' : pick(rand, ['compound', 'rare', 'minority'] as const));
  if (k === 'minority') return { name: pick(rand, MINORITY), kind: k };
  const surname = k === 'compound' ? pick(rand, COMPOUND_SURNAMES) : pick(rand, chars(SURNAMES));
  const givenLength = k === 'compound' ? 1 + Math.floor(rand() * 2) : rand() < 0.65 ? 2 : 1;
  let given = '';
  for (let i = 0; i < givenLength; i++) given += pick(rand, chars(GIVEN));
  if (k === 'rare') {
    const at = Math.floor(rand() * chars(given).length);
    given = chars(given)
      .map((c, i) => (i === at ? pick(rand, RARE) : c))
      .join('');
  }
  return { name: surname + given, kind: k };
}

/** True when every character is in the basic CJK block (fonts other than Noto may lack the rest). */
export function basicBlockOnly(name: string): boolean {
  return chars(name).every((c) => c === '·' || (c >= '\u4e00' && c <= '\u9fff'));
}
