// People's names for generated orgs: common Chinese surnames (roughly by frequency) and given-name
// characters, each with its pinyin, so a generated person has a consistent Chinese name, English
// name and email local part. English first names are used by a share of people, as in real
// Chinese companies ("David Zhang").
import { cumulative, type Rng } from './generator-rng.ts';

/** [hanzi, pinyin]; order is roughly by frequency and drives the pick weights. */
const SURNAMES = pairs(
  '王:Wang 李:Li 张:Zhang 刘:Liu 陈:Chen 杨:Yang 黄:Huang 赵:Zhao 吴:Wu 周:Zhou 徐:Xu 孙:Sun ' +
    '马:Ma 朱:Zhu 胡:Hu 郭:Guo 何:He 林:Lin 高:Gao 罗:Luo 郑:Zheng 梁:Liang 谢:Xie 宋:Song 唐:Tang ' +
    '许:Xu 邓:Deng 韩:Han 冯:Feng 曹:Cao 彭:Peng 曾:Zeng 肖:Xiao 田:Tian 董:Dong 潘:Pan 袁:Yuan ' +
    '蔡:Cai 蒋:Jiang 余:Yu 于:Yu 杜:Du 叶:Ye 程:Cheng 魏:Wei 苏:Su 吕:Lyu 丁:Ding 任:Ren 卢:Lu ' +
    '姚:Yao 沈:Shen 钟:Zhong 姜:Jiang 崔:Cui 谭:Tan 陆:Lu 范:Fan 汪:Wang 廖:Liao 石:Shi 金:Jin ' +
    '韦:Wei 贾:Jia 夏:Xia 付:Fu 方:Fang 邹:Zou 熊:Xiong 白:Bai 孟:Meng 秦:Qin 邱:Qiu 侯:Hou ' +
    '江:Jiang 尹:Yin 薛:Xue 闫:Yan 段:Duan 雷:Lei 龙:Long 黎:Li 史:Shi 陶:Tao 贺:He 毛:Mao 郝:Hao ' +
    '顾:Gu 龚:Gong 邵:Shao 万:Wan 覃:Qin 武:Wu 钱:Qian 戴:Dai 严:Yan 莫:Mo 孔:Kong 向:Xiang ' +
    '常:Chang 欧阳:Ouyang 司马:Sima 上官:Shangguan 诸葛:Zhuge',
);

const GIVEN = pairs(
  '伟:wei 芳:fang 娜:na 敏:min 静:jing 丽:li 强:qiang 磊:lei 军:jun 洋:yang 勇:yong 艳:yan ' +
    '杰:jie 娟:juan 涛:tao 明:ming 超:chao 秀:xiu 霞:xia 平:ping 刚:gang 英:ying 华:hua 玉:yu ' +
    '萍:ping 红:hong 鹏:peng 辉:hui 建:jian 文:wen 宇:yu 浩:hao 晨:chen 欣:xin 怡:yi 梓:zi 涵:han ' +
    '子:zi 轩:xuan 博:bo 思:si 雨:yu 嘉:jia 佳:jia 琪:qi 晓:xiao 志:zhi 海:hai 云:yun 婷:ting ' +
    '雪:xue 慧:hui 俊:jun 凯:kai 昊:hao 然:ran 瑞:rui 天:tian 一:yi 诗:shi 梦:meng 悦:yue 航:hang ' +
    '泽:ze 宁:ning 安:an 晶:jing 春:chun 秋:qiu 兰:lan 倩:qian 颖:ying 璐:lu 彤:tong 哲:zhe 睿:rui ' +
    '翔:xiang 鑫:xin 阳:yang 帆:fan 露:lu 冰:bing 玲:ling 莉:li 斌:bin 亮:liang 飞:fei 龙:long ' +
    '峰:feng 毅:yi 健:jian 清:qing 源:yuan 林:lin 森:sen 楠:nan 可:ke 心:xin 乐:le 正:zheng ' +
    '永:yong 国:guo 立:li 新:xin 光:guang 荣:rong 德:de 成:cheng 宏:hong 家:jia 雅:ya 丹:dan ' +
    '蕾:lei 薇:wei 蓉:rong 燕:yan 琳:lin 青:qing 珊:shan 婧:jing',
);

const ENGLISH_MALE = (
  'David Kevin Jason Eric Tony Jack Leo Michael Andy Peter Frank Vincent Allen Ryan Steven ' +
  'Daniel Simon Oscar Henry Victor Alex Ben Chris Sam Tom James Lucas Ethan Max Ivan'
).split(' ');
const ENGLISH_FEMALE = (
  'Amy Emma Grace Lily Lucy Cindy Helen Irene Joyce Karen Linda Nancy Rachel Sophia Tina ' +
  'Vivian Wendy Yvonne Zoe Alice Bella Cathy Doris Fiona Jenny Kelly Mia Nina Olivia Sherry'
).split(' ');

/** Parses "王:Wang 李:Li" into [hanzi, pinyin] pairs (kept as text so the tables stay compact). */
function pairs(text: string): (readonly [string, string])[] {
  return text.split(' ').map((p) => {
    const [hanzi = '', pinyin = ''] = p.split(':');
    return [hanzi, pinyin] as const;
  });
}

const SURNAME_WEIGHTS = cumulative(SURNAMES.map((_, i) => 1 / (i + 8)));

export interface PersonName {
  /** Chinese name, 2-3 characters. */
  name: string;
  /** English name: pinyin given name or an English first name, then the pinyin surname. */
  enName: string;
  /** 1 male, 2 female (Feishu's gender codes). */
  gender: 1 | 2;
  /** Lower-case ASCII base for an email local part, e.g. "weiming.zhang". */
  emailBase: string;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function personName(rng: Rng): PersonName {
  const [surname, surnamePinyin] = rng.pickWeighted(SURNAMES, SURNAME_WEIGHTS);
  // Compound surnames take one given character so every name stays at 2-3 characters.
  const givenLength = surname.length === 2 ? 1 : rng.chance(0.7) ? 2 : 1;
  let given = '';
  let givenPinyin = '';
  for (let i = 0; i < givenLength; i += 1) {
    const [ch, py] = rng.pick(GIVEN);
    given += ch;
    givenPinyin += py;
  }
  const gender: 1 | 2 = rng.chance(0.5) ? 1 : 2;
  const first = rng.chance(0.35)
    ? rng.pick(gender === 1 ? ENGLISH_MALE : ENGLISH_FEMALE)
    : capitalize(givenPinyin);
  return {
    name: surname + given,
    enName: `${first} ${surnamePinyin}`,
    gender,
    emailBase: `${first.toLowerCase()}.${surnamePinyin.toLowerCase()}`,
  };
}
