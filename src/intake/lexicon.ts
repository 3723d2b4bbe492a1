/** A built-in governance lexicon: wordings cadres use for each common kind of case, so that an operator's
 * roster keywords only need to add local words. An entry applies to a roster category whose id or name
 * matches one of `match`. */
export interface LexiconEntry {
  match: string[];
  words: string[];
}

export const LEXICON: LexiconEntry[] = [
  {
    match: ['illegal-construction', '违法建设', '违建'],
    words: [
      '违建',
      '违章',
      '私搭',
      '乱建',
      '加盖',
      '搭建',
      '扩建',
      '加层',
      '棚子',
      '彩钢房',
      '圈地盖房',
      '私建',
      '违法建筑',
      '认定是否违建',
    ],
  },
  {
    match: ['wall-opening', '开墙打洞'],
    words: ['开墙打洞', '破墙', '开门脸', '门脸', '打通', '堆物堆料', '乱堆', '堆放杂物', '开洞'],
  },
  {
    match: ['road-occupation', '占道经营'],
    words: [
      '占道',
      '摆摊',
      '摆桌',
      '出摊',
      '流动摊贩',
      '出店经营',
      '油烟',
      '烧烤',
      '夜市',
      '店外经营',
      '桌子摆到',
      '摆到人行道',
      '桌椅摆',
    ],
  },
  {
    match: ['illegal-parking', '乱停车', '停车'],
    words: ['乱停', '违停', '停车', '堵车', '车辆堵塞', '消防车进不去', '堵住通道', '僵尸车', '占用消防通道'],
  },
  {
    match: ['group-rental', '群租'],
    words: ['群租', '群住', '隔断', '住了二十多人', '地下室住人', '上下铺', '人员密集居住', '出租屋'],
  },
  {
    match: ['noise', '噪音'],
    words: ['噪音', '扰民', '音乐', '音响', '吵', '睡不着', '广场舞', '喇叭', '夜间施工噪音'],
  },
  {
    match: ['black-tricycle', '黑三轮', '黑车'],
    words: ['黑三轮', '黑车', '拉客', '宰客', '摩的', '非法营运', '三蹦子'],
  },
  {
    match: ['food-safety', '食品安全'],
    words: [
      '后厨',
      '卫生',
      '拉肚子',
      '食物中毒',
      '变质',
      '过期食品',
      '苍蝇',
      '老鼠',
      '地沟油',
      '餐馆',
      '饭店',
      '外卖',
      '早餐店',
    ],
  },
  {
    match: ['fire-hazard', '消防隐患'],
    words: [
      '飞线',
      '充电',
      '冲电',
      '电瓶车',
      '飞下来',
      '电动车',
      '楼道',
      '楼道里堆',
      '楼道堆',
      '消防通道被堵',
      '私拉电线',
      '电线乱拉',
      '消防隐患',
      '灭火器',
      '堵塞安全出口',
      '液化气罐',
    ],
  },
  {
    match: ['greenery', '园林绿化', '绿化'],
    words: ['大树', '树', '倒伏', '刮倒', '绿地', '毁绿', '种菜', '绿化', '树枝', '草坪', '枯树', '修剪'],
  },
  { match: ['ground-lock', '地锁'], words: ['地锁', '占车位', '地桩', '私占车位', '锁车位'] },
  {
    match: ['unlicensed-business', '无照经营'],
    words: ['无照', '无证', '过期', '假冒', '三无', '营业执照', '执照', '小摊', '无营业执照', '售卖', '过期饮料'],
  },
  {
    match: ['housing-repair', '房屋修缮', '物业'],
    words: ['漏水', '物业', '老旧小区', '楼顶', '屋顶', '电梯', '墙皮', '房屋', '维修', '渗水', '暖气'],
  },
  {
    match: ['construction-site', '施工'],
    words: ['施工', '工地', '扬尘', '围挡', '渣土', '夜间施工', '土方', '混凝土'],
  },
  { match: ['shared-bikes', '共享单车'], words: ['共享单车', '单车', '盲道', '自行车', '电单车'] },
  {
    match: ['fire', '火情', '火灾'],
    words: ['起火', '着火', '著火', '冒烟', '火灾', '火情', '失火', '烧起来', '明火', '火苗', '浓烟'],
  },
  {
    match: ['building-collapse', '倒塌', '坍塌'],
    words: ['坍塌', '倒塌', '塌方', '塌了', '墙倒', '被困', '被埋', '危房'],
  },
  {
    match: ['gas-leak', '燃气'],
    words: ['燃气', '煤气', '漏气', '天然气', '燃气管道', '煤气味', '液化气泄漏', '挖断'],
  },
  {
    match: ['crowd-safety', '人群', '踩踏'],
    words: ['踩踏', '拥挤', '人太多', '人群', '聚集', '人员密集', '挤'],
  },
  {
    match: ['culture-market', '文化市场', '文化'],
    words: ['网吧', '未成年', '娱乐场所', 'KTV', '演出', '出版物', '游戏厅', '上网'],
  },
  {
    match: ['open-burning', '焚烧', '环境', '污染'],
    words: ['焚烧', '烧垃圾', '烟很大', '排污', '污水', '异味', '黑烟', '臭味', '污染', '烧树叶'],
  },
  {
    match: ['unlicensed-lodging', '旅馆'],
    words: ['旅馆', '日租', '民宿', '住宿', '客栈', '没有任何手续', '宾馆'],
  },
  { match: ['small-ads', '小广告'], words: ['小广告', '牛皮癣', '乱贴', '乱涂', '张贴', '涂鸦', '喷涂'] },
  {
    match: ['waterlogging', '积水', '排水'],
    words: ['积水', '内涝', '下水道', '堵塞', '返水', '井盖', '冒水', '被淹', '倒灌'],
  },
];

/** Situations that make a case an emergency, whatever words of urgency it uses (or lacks). */
export const EMERGENCY_SIGNS = [
  '起火',
  '着火',
  '著火',
  '冒烟',
  '火灾',
  '失火',
  '明火',
  '浓烟',
  '爆炸',
  '燃气泄漏',
  '煤气味',
  '燃气味',
  '漏气',
  '挖断',
  '坍塌',
  '倒塌',
  '塌方',
  '踩踏',
  '被困',
  '困住',
  '受伤',
  '伤员',
  '砸伤',
  '砸到人',
  '压到人',
  '溺水',
  '落水',
  '触电',
  '被淹',
  '倒灌',
  '紧急',
  '应急',
  '危险品',
  '有人跳楼',
  '中毒',
];

export const JOINT_SIGNS = ['联合', '联动', '会商', '协同处置', '共同处置', '一起处置'];
export const SUPERVISE_SIGNS = ['评价', '考核', '督查', '监督', '打分', '评估', '满意度'];
