import type { Matter } from './matter.js';

/**
 * Housing, utilities, public facilities and services. Classes follow GB/T 30428.2-2013 / CJ/T 315 components and
 * events (公用设施: 井盖, 路灯, 电力/燃气/热力设施; 市容环境: 暴露垃圾, 公共卫生间; 园林绿化: 行道树, 绿地; 突发事件:
 * 管道破裂, 路面塌陷, 道路积水), the 12345 hotline's classes (住房, 物业管理, 供暖, 供水, 供电, 燃气, 劳动和社会保障,
 * 教育, 卫生健康, 民政) and the seeds' 吹哨事项清单 (004: 宜居生活 物业, 生态环境 大气/河长制, 公共服务 教育医疗养老).
 */
export const LIVING_MATTERS: Matter[] = [
  {
    fn: 'housing',
    name: '物业与房屋维修',
    words:
      '物业 物业费 物业公司 物业不管 漏水 渗水 楼顶漏水 屋顶 楼顶 防水 维修基金 电梯坏了 电梯故障 电梯维保 电梯停运 老旧小区 老旧小区改造 加装电梯 墙皮 墙皮脱落 外墙脱落 门禁 楼道灯 业委会 业主委员会',
    examples: ['老旧小区楼顶漏水，物业不管', '电梯坏了半个月没人修', '外墙墙皮大面积脱落'],
  },
  {
    fn: 'housing',
    also: ['fire_rescue', 'emergency_management'],
    name: '房屋安全',
    words: '房屋安全 危房 裂缝 楼体裂缝 墙体裂缝 开裂 墙裂 承重墙 沉降 倾斜 鉴定',
    examples: ['楼体出现多条裂缝，居民担心安全', '老楼墙体开裂，是不是危房'],
  },
  {
    fn: 'housing',
    also: ['public_security'],
    name: '群租房',
    words: '群租 群租房 群住 隔断 隔断房 打隔断 上下铺 地下室住人 住了二十多人 住了十几个人 出租房',
    examples: ['一套两居室打了六个隔断出租', '地下室里群住了三十多人'],
  },
  {
    // 施工扰民 and 工地扬尘 are enforced on the street by 城管综合执法 (GB/T 30428.2 施工管理 events; 噪声污染防治法
    // gives 生态环境 the standard); the housing bureau licenses the site and answers for what is built.
    fn: 'urban_management',
    also: ['environment', 'housing'],
    name: '施工扰民',
    words:
      '工地 施工 夜间施工 半夜施工 连夜施工 施工噪音 施工噪声 施工扰民 扬尘 围挡 渣土车 打桩 打钻 挖掘机 搅拌车 混凝土',
    examples: ['工地夜间施工，打桩声吵得睡不着', '工地没有围挡，扬尘很大', '凌晨三点工地还在施工，机器声吵得没法睡'],
  },
  {
    fn: 'housing',
    also: ['urban_management', 'planning'],
    name: '建筑工地',
    words: '施工许可 夜间施工许可 在建 塔吊 工程质量 土方 施工单位 开发商 烂尾',
    examples: ['小区旁边的在建工地没有施工许可', '开发商楼盘烂尾，工程停工两年'],
  },
  {
    fn: 'city_appearance',
    also: ['urban_management'],
    name: '环卫与垃圾',
    words: '垃圾 垃圾清运 垃圾桶 垃圾站 垃圾堆 没人清运 暴露垃圾 环卫 保洁 清扫 道路不洁 公厕 厕所 垃圾分类 大件垃圾',
    examples: ['小区垃圾好几天没人清运，臭气熏天', '公厕没人打扫'],
  },
  {
    fn: 'city_appearance',
    also: ['traffic'],
    name: '市政设施',
    words:
      '路面破损 坑洼 坑 道路破损 人行道破损 地砖 井盖 井盖丢失 井盖缺失 窨井 古力 马葫芦 井篦子 雨水井 护栏 过街天桥 无障碍 座椅 市政设施 道路塌陷 路面塌陷',
    examples: ['人行道地砖破损，老人摔倒了', '路上井盖丢了'],
  },
  {
    // 道路照明 is a component of its own in GB/T 30428.2 (公用设施: 路灯, 地灯, 景观灯), kept by the 市政 lighting
    // office, not by the traffic police: a street light is not a traffic signal.
    fn: 'city_appearance',
    name: '路灯照明',
    words: '路灯 路灯不亮 路灯坏了 路灯熄灭 没有路灯 没路灯 瞎火 黑灯瞎火 黑咕隆咚 照明 灯杆 景观灯',
    examples: ['路灯坏了一个月，晚上一片漆黑', '这条路没有路灯，晚上走着害怕'],
  },
  {
    fn: 'landscaping',
    name: '树木与绿地',
    words:
      '花坛 大树 树木 树 倒伏 刮倒 倒树 树枝 枯树 修剪 剪枝 砍树 毁绿 绿地 绿化 绿化带 草坪 种菜 公园 杨絮 柳絮 古树',
    examples: ['大风把树刮倒压在人行道上', '树枝挡住了窗户，需要修剪', '绿地被人圈起来种菜'],
  },
  {
    fn: 'environment',
    also: ['urban_management'],
    name: '污染与排放',
    words:
      '臭气 气味 难闻 橡胶 化工厂 污染 排污 污水直排 偷排 异味 臭味 刺鼻 黑烟 焚烧 烧垃圾 烧树叶 露天焚烧 废气 粉尘 工厂 工业噪音 油烟 大气污染 河面发黑 水污染 土壤污染 排放',
    examples: ['工厂晚上偷偷排放废气，气味刺鼻', '有人在路边焚烧垃圾', '河里有人排污水，河面发黑'],
  },
  {
    // 工业噪声 (《噪声污染防治法》第四章) is the environment department's; a workshop in a flat is still industry.
    fn: 'environment',
    also: ['urban_management'],
    name: '工业噪声',
    words: '工业噪声 车间 作坊 小作坊 加工厂 机器轰鸣 机器声 风机 排风扇 抽风机 冷却塔 设备噪音 24小时生产 夜间生产',
    examples: ['楼下小作坊的机器24小时不停，吵得睡不着', '工厂的冷却塔和风机噪音很大'],
  },
  {
    fn: 'water',
    also: ['city_appearance'],
    name: '供排水',
    words:
      '停水 没水 没有水 水压低 水压 自来水 自来水管 水管漏水 漏水点 水质 水发黄 供水 排水 下水道 堵塞 返水 冒水 污水外溢 外溢 化粪池 积水 内涝 被淹 淹了 倒灌 河道 水管爆裂 爆管',
    examples: ['小区突然停水，也没有通知', '下雨后路口积水很深', '下水道堵塞往外冒污水'],
  },
  {
    fn: 'gas',
    also: ['fire_rescue'],
    name: '燃气',
    words: '燃气 煤气 天然气 液化气 燃气管道 燃气表 停气 没气 燃气费 燃气灶 煤气罐 液化气罐',
    examples: ['小区停气了，燃气公司没有通知', '燃气表不走字'],
  },
  {
    fn: 'heating',
    name: '供暖',
    words: '暖气 暖气不热 供暖 供热 采暖 暖气片 室温 温度低 不热 冰凉 取暖费 供暖费 热力',
    examples: ['家里暖气不热，室温只有十几度', '供暖开始了暖气还是冰凉'],
  },
  {
    fn: 'power',
    name: '电力',
    words:
      '停电 断电 没电 用电 临时电 负荷 电压 电压不稳 跳闸 电线杆 电线 变压器 电箱 电表 供电 电力 线路老化 私拉电线',
    examples: ['小区频繁停电', '电线杆倾斜，电线垂下来'],
  },
  {
    fn: 'civil_affairs',
    name: '民政服务',
    words:
      '养老 养老院 老年人 独居老人 低保 困难补助 救助 残疾人 残疾 殡葬 丧葬 墓地 流浪 乞讨 流浪人员 婚姻登记 孤寡老人',
    examples: ['有流浪人员长期睡在地下通道', '申请低保一直没有结果'],
  },
  {
    fn: 'health',
    name: '卫生健康',
    words:
      '医院 医生 看病 医疗纠纷 医疗事故 诊所 黑诊所 防疫 疫苗 接种 蚊子 蚊虫 老鼠 鼠患 灭鼠 老鼠成灾 蟑螂 病媒 消杀 爱卫 爱卫办 传染',
    examples: ['小区蚊虫太多，希望消杀', '医院看病收费不合理'],
  },
  {
    fn: 'education',
    name: '教育',
    words: '学校 教育 学生 老师 校外培训 培训机构 补课 学费 收费 入学 上学 幼儿园 择校 学位',
    examples: ['培训机构收了学费就关门了', '孩子入学划片有问题', '学校乱收费'],
  },
  {
    fn: 'human_resources',
    name: '劳动与社保',
    words: '欠薪 拖欠工资 工资 讨薪 农民工 工钱 工头 包工头 干活 劳动纠纷 劳动合同 社保 医保 养老保险 辞退 加班费 仲裁',
    examples: ['工地老板拖欠农民工工资', '公司不给交社保'],
  },
  {
    fn: 'emergency_management',
    also: ['fire_rescue'],
    name: '安全生产与危化品',
    words: '安全生产 危化品 危险化学品 化学品 危险品 泄漏 储存 易燃易爆 爆炸 烟花爆竹 非法储存',
    examples: ['仓库里非法储存危险化学品', '小作坊没有安全措施'],
  },
  {
    fn: 'fire_rescue',
    also: ['urban_management'],
    name: '消防隐患',
    words:
      '消防隐患 消防通道 消防通道被堵 堵塞通道 安全出口 灭火器 消防栓 飞线 飞线充电 充电 电动车充电 电瓶车 电动车 楼道充电 楼道 堆放杂物 电线乱拉',
    examples: ['楼道里电动车充电，电线从窗户飞下来', '消防通道被杂物堵死了'],
  },
  {
    fn: 'community',
    name: '邻里与楼院小事',
    grid: true,
    words: '邻里纠纷 邻居 邻里 楼上 楼下 楼道堆物 鞋柜 杂物 宠物 遛狗 狗粪 狗叫 养狗 晾衣 喂猫 流浪猫 小区门口 居委会',
    examples: ['邻居在楼道里放鞋柜和杂物', '楼上邻居遛狗不拴绳，狗粪也不清理', '楼上楼下因为漏水吵起来了'],
  },
  {
    // 村务 (12345's 农村农业 and 村(居)务 classes): village roads, village rubbish and levies are the township's and
    // the village committee's to settle, under the street (乡镇) that this roster stands for.
    fn: 'community',
    also: ['traffic', 'city_appearance'],
    name: '村务与乡村道路',
    words:
      '村里 村委 村委会 村干部 村民 村民组 村组 组里 队长 村道 通村公路 通组公路 村村通 乡道 道路硬化 泥巴路 土路 集资修路 占地补偿 乡政府 镇政府 村里垃圾 垃圾坑',
    examples: [
      '村里的通组公路坑坑洼洼，下雨天泥泞不堪',
      '村里垃圾一个月没人清运',
      '修路要每家每户集资，都是队长说了算',
    ],
  },
];
