/**
 * Department functions: kinds of competent department, independent of how a roster names its departments.
 * The ids are the label set shared with the corpus (`data/intake/corpus.tsv`). A roster department serves the
 * functions it declares (`functions: [...]`) or, when it declares none, those its name and aliases match here.
 *
 * The split of duties follows the statutory division of labour among Beijing's district departments as the
 * street meets them: 城管执法 (《北京市城市管理综合行政执法条例》 and the 2019 transfer of enforcement powers to the
 * streets), 公安 (《治安管理处罚法》), 交管 (《道路交通安全法》), 市场监管 (《市场主体登记管理条例》, 《特种设备安全法》),
 * 食药 (《食品安全法》), 住建/房管 (《物业管理条例》, 《北京市物业管理条例》), 规划自然资源 (《城乡规划法》 on the
 * recognition of illegal construction), 消防救援 (《消防法》), 园林绿化 (《北京市绿化条例》), 生态环境 (《大气污染防治法》,
 * 《噪声污染防治法》), 文化执法 (《娱乐场所管理条例》, 《互联网上网服务营业场所管理条例》), 城管委/市政市容 (环卫, 路灯,
 * 道路设施), 水务 (《城镇排水与污水处理条例》), 燃气 (《城镇燃气管理条例》), 供热 (《北京市供热采暖管理办法》), 电力
 * (《电力供应与使用条例》), 民政, 卫健, 教育, 人社 (《保障农民工工资支付条例》), 应急管理 (《安全生产法》) and the
 * street's own grid (《北京市街道办事处条例》 2019: matters the street and its communities handle themselves).
 */
export const FUNCTION_IDS = [
  'urban_management',
  'public_security',
  'traffic',
  'market_regulation',
  'food_drug',
  'housing',
  'planning',
  'fire_rescue',
  'landscaping',
  'environment',
  'culture',
  'city_appearance',
  'water',
  'gas',
  'heating',
  'power',
  'civil_affairs',
  'health',
  'education',
  'human_resources',
  'emergency_management',
  'community',
] as const;

export type FunctionId = (typeof FUNCTION_IDS)[number];

export interface FunctionInfo {
  zh: string;
  en: string;
  /** Matched against a roster department's normalized name and aliases to infer what it serves. */
  dept: RegExp;
  /** Who else is competent by statute when the roster has no such department: since the 2018 reform, market
   * regulation bureaus hold food and drug supervision. Absent: nobody stands in, the draft says who owns it. */
  standIn?: FunctionId[];
}

export const FUNCTIONS: Record<FunctionId, FunctionInfo> = {
  urban_management: {
    zh: '城管执法',
    en: 'urban management enforcement',
    dept: /城管(?!委)|综合执法|综合行政执法|行政执法|执法队|城市管理执法/,
  },
  public_security: { zh: '公安派出所', en: 'police', dept: /公安|派出所|警察|民警|片警|治安|警务/ },
  traffic: { zh: '交通管理', en: 'traffic management', dept: /交通|交警|交管|交委/ },
  market_regulation: { zh: '市场监管', en: 'market regulation', dept: /市场监管|工商|市监|市场所/ },
  food_drug: {
    zh: '食品药品监管',
    en: 'food and drug regulation',
    dept: /食药|食品|药品|食安/,
    standIn: ['market_regulation'],
  },
  housing: { zh: '住建房管', en: 'housing and construction', dept: /住建|房管|住房|建委|房屋管理|物业管理/ },
  planning: { zh: '规划和自然资源', en: 'planning and land', dept: /规划|国土|自然资源|规自/ },
  fire_rescue: { zh: '消防救援', en: 'fire and rescue', dept: /消防|^119$|救援/ },
  landscaping: { zh: '园林绿化', en: 'landscaping', dept: /园林|绿化/ },
  environment: { zh: '生态环境', en: 'environment', dept: /环保|生态环境|环境保护|环境局/ },
  culture: { zh: '文化执法', en: 'culture enforcement', dept: /文化|文旅|旅游/ },
  city_appearance: {
    zh: '市政市容',
    en: 'city appearance and municipal facilities',
    dept: /城管委|城市管理委|市政|市容|环卫/,
  },
  water: { zh: '水务', en: 'water', dept: /水务|排水|自来水|供水|水利|水司/ },
  gas: { zh: '燃气', en: 'gas', dept: /燃气|煤气|天然气/ },
  heating: { zh: '供热', en: 'heating', dept: /供热|热力|供暖/ },
  power: { zh: '电力', en: 'power supply', dept: /电力|供电|国网|电网/ },
  civil_affairs: { zh: '民政', en: 'civil affairs', dept: /民政|残联|养老/ },
  health: { zh: '卫生健康', en: 'health', dept: /卫健|卫生健康|疾控|卫生局|卫生院/ },
  education: { zh: '教育', en: 'education', dept: /教育|教委/ },
  human_resources: { zh: '人力社保', en: 'human resources and social security', dept: /人社|人力资源|劳动|社保/ },
  emergency_management: {
    zh: '应急管理',
    en: 'emergency management',
    dept: /应急管理|应急局|安监|安全生产/,
  },
  community: { zh: '街道社区（网格）', en: 'the street and its grid', dept: /社区|网格|平安办|平安建设|综治|居委/ },
};

export function isFunctionId(s: string): s is FunctionId {
  return (FUNCTION_IDS as readonly string[]).includes(s);
}
