const SUFFIX =
  '(?:胡同|大街|中街|东街|西街|南街|北街|街道|路|街|巷|里|村|沿|桥|小区|社区|公园|广场|地铁站|车站|商场|市场|大厦|工地|冰场|体育馆|医院|学校)';
const NUMBER = '(?:[0-9一二三四五六七八九十百]+(?:号院|号楼|号|条|巷|单元|层))';
const TAIL = '(?:门口|[东西南北]?(?:出口|入口|门|口|侧)|地下室|地下车库|楼道|三角地|酒吧街)';
/** Characters that join two parts of one place name; function words end it ("新东路有人在路边" is 新东路). */
const JOINER = '(?:(?![有在的了是被把和与及对向从往去到给很都也还就人])[\\u4e00-\\u9fa5]){0,3}';
const PLACE = new RegExp(
  `[\\u4e00-\\u9fa5A-Za-z0-9]{0,10}?${SUFFIX}(?:${JOINER}${SUFFIX})*(?:${NUMBER}|[\\u4e00-\\u9fa5]{0,2}${NUMBER})*${TAIL}?`,
  'u',
);

/** Words that come before a place but are not part of it. */
const LEAD_IN = /^(?:.*?(?:到|在|于|去|前往|位于))(?=[\u4e00-\u9fa5A-Za-z0-9])/u;
const NOT_PLACE_START = /^(?:请|有|我们|今天|明天|昨天|刚才|现在|那个|这个|一家|多家|一棵|小区|附近)+/u;

function match(s: string): string | undefined {
  const m = PLACE.exec(s);
  const place = m?.[0].replace(NOT_PLACE_START, '');
  return place && place.length >= 2 ? place : undefined;
}

/** The address-like span of a case (road, hutong, lane and number, 号院, 小区, landmark gates and exits). */
export function findLocation(text: string): string | null {
  for (const clause of text.split(/[，,。！!？?；;、\s]+/)) {
    const stripped = clause.replace(LEAD_IN, '');
    const place = (stripped !== clause ? match(stripped) : undefined) ?? match(clause);
    if (place) return place;
  }
  return null;
}
