// Name pools for simulated customers. Chinese customers carry their name in characters (the bank's
// own records), with the pinyin used for their e-mail address; British customers by generation.
import type { Random } from './random';
import type { RegionCode } from './regions';

const CN_SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'],
  ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'],
  ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'], ['高', 'gao'], ['林', 'lin'], ['罗', 'luo'], ['郑', 'zheng'], ['梁', 'liang'],
];

const CN_GIVEN_OLDER: readonly (readonly [string, string])[] = [
  ['伟', 'wei'], ['芳', 'fang'], ['秀英', 'xiuying'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'],
  ['磊', 'lei'], ['军', 'jun'], ['勇', 'yong'], ['艳', 'yan'], ['娟', 'juan'], ['秀兰', 'xiulan'], ['桂英', 'guiying'],
  ['建华', 'jianhua'], ['国强', 'guoqiang'], ['玉兰', 'yulan'], ['志明', 'zhiming'],
];

const CN_GIVEN_YOUNGER: readonly (readonly [string, string])[] = [
  ['浩然', 'haoran'], ['子涵', 'zihan'], ['欣怡', 'xinyi'], ['梓轩', 'zixuan'], ['雨桐', 'yutong'], ['宇轩', 'yuxuan'],
  ['思远', 'siyuan'], ['晨曦', 'chenxi'], ['一诺', 'yinuo'], ['诗涵', 'shihan'], ['俊杰', 'junjie'], ['佳怡', 'jiayi'],
  ['博文', 'bowen'], ['若曦', 'ruoxi'], ['天佑', 'tianyou'], ['嘉怡', 'jiayi'],
];

const UK_SURNAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright',
  'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Khan', 'Singh', 'Clarke',
  "O'Brien", 'Murphy', 'Campbell', 'Hughes', 'Edwards', 'Ali', 'Chen',
] as const;

const UK_GIVEN_OLDER = [
  'Margaret', 'David', 'Susan', 'John', 'Patricia', 'Michael', 'Elizabeth', 'Peter', 'Linda', 'Robert', 'Janet',
  'Stephen', 'Christine', 'Paul', 'Helen', 'Andrew', 'Sarah', 'Mark', 'Karen', 'Ian',
] as const;

const UK_GIVEN_YOUNGER = [
  'Oliver', 'Amelia', 'George', 'Isla', 'Harry', 'Ava', 'Jack', 'Emily', 'Noah', 'Sophia', 'Leo', 'Grace',
  'Arthur', 'Freya', 'Oscar', 'Mia', 'Aisha', 'Mohammed', 'Chloe', 'Jacob',
] as const;

export type PersonName = { fullName: string; emailLocalPart: string };

const ascii = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');

export function personName(rng: Random, region: RegionCode, birthYear: number): PersonName {
  const younger = birthYear >= 1988;
  if (region === 'CN') {
    const [surname, surnamePinyin] = rng.pick(CN_SURNAMES);
    const [given, givenPinyin] = rng.pick(younger ? CN_GIVEN_YOUNGER : CN_GIVEN_OLDER);
    return { fullName: `${surname}${given}`, emailLocalPart: `${givenPinyin}.${surnamePinyin}` };
  }
  const surname = rng.pick(UK_SURNAMES);
  const given = rng.pick(younger ? UK_GIVEN_YOUNGER : UK_GIVEN_OLDER);
  return { fullName: `${given} ${surname}`, emailLocalPart: `${ascii(given)}.${ascii(surname)}` };
}

/**
 * A phone number that cannot reach a real person: UK numbers from Ofcom's drama range
 * (07700 900000–900999); Chinese numbers with a zero exchange block.
 */
export function phoneNumber(rng: Random, region: RegionCode): string {
  if (region === 'UK') return `+44 7700 900${String(rng.int(0, 999)).padStart(3, '0')}`;
  return `+86 1${rng.pick(['38', '39', '58', '86', '37'])} 0000 ${String(rng.int(0, 9999)).padStart(4, '0')}`;
}
