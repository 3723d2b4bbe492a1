import type { Matter } from './matter.js';

/**
 * Street order, enforcement and markets. Classes follow GB/T 30428.2-2013 / CJ/T 315 数字化城市管理 events
 * (市容环境: 私搭乱建, 积存渣土; 宣传广告: 非法小广告, 违规户外广告; 施工管理: 施工扰民, 工地扬尘; 街面秩序: 无照经营,
 * 占道经营, 流浪乞讨, 黑车拉客), the 12345 hotline's classes (城乡建设, 市场管理, 公共安全, 交通管理, 文化市场) and the
 * seeds' 吹哨事项清单 (004: 违建, 开墙打洞, 无照经营, 占道经营, 群租房, 黑三轮, 消防安全).
 */
export const ORDER_MATTERS: Matter[] = [
  {
    fn: 'urban_management',
    also: ['planning'],
    name: '违法建设',
    words:
      '违建 违章建筑 违法建设 违法建筑 私搭乱建 私搭 乱建 加盖 搭建 扩建 加层 私建 彩钢房 彩钢板 阳光房 圈地 盖房 棚子 违章搭建 擅自搭建 拆违 违建拆除',
    examples: ['邻居在楼顶私自加盖了一层彩钢房', '小区一楼住户把院子圈起来盖了阳光房', '有人在绿地上违章搭建棚子'],
  },
  {
    fn: 'urban_management',
    name: '开墙打洞',
    words: '开墙打洞 破墙开店 破墙 开门脸 门脸 打通 开洞 拆改承重墙',
    examples: ['一层住户把外墙打通开了门脸做生意', '临街居民楼被破墙开店'],
  },
  {
    fn: 'urban_management',
    name: '占道经营与游商',
    words:
      '占道经营 占道 摆摊 摆摊设点 出摊 流动摊贩 摊贩 商贩 游商 小贩 摆卖 乱摆卖 占据人行道 占用人行道 出店经营 店外经营 摆桌 桌椅摆 摆到人行道 夜市 早市 露天烧烤 烧烤摊 马路市场',
    examples: ['人行道上每天晚上都有人摆摊卖水果', '饭馆把桌子摆到马路上，露天烧烤烟很大', '地铁口流动摊贩很多'],
  },
  {
    fn: 'urban_management',
    name: '违规广告与小广告',
    words: '小广告 牛皮癣 乱贴 乱涂乱画 张贴 喷涂 涂鸦 广告牌 牌匾 广告牌匾 户外广告 发小广告 散发传单',
    examples: ['电线杆上贴满了小广告', '商户门头的广告牌匾没有审批，摇摇欲坠'],
  },
  {
    fn: 'urban_management',
    also: ['city_appearance'],
    name: '渣土遗撒与堆物堆料',
    words: '渣土 遗撒 渣土车 撒漏 堆物堆料 乱堆乱放 堆放建筑垃圾 建筑垃圾',
    examples: ['渣土车一路遗撒，路面全是泥', '路边堆放了大量建筑垃圾'],
  },
  {
    fn: 'urban_management',
    also: ['traffic'],
    name: '私装地锁',
    words: '地锁 私装地锁 地桩 占车位 私占车位 锁车位',
    examples: ['有人在公共车位上私装地锁'],
  },
  {
    fn: 'public_security',
    name: '治安与打架',
    words:
      '打架 斗殴 打架斗殴 打人 殴打 持刀 持械 打砸 砸车 威胁 寻衅滋事 闹事 醉酒 喝酒吵架 吵架 砸东西 报警 偷 被偷 偷走 盗窃 被盗 遭窃 失窃 被窃 偷车 小偷 抢劫 被抢 诈骗 骗子 传销 赌博 吸毒 卖淫 黄赌毒',
    examples: ['小区门口天天有人喝酒吵架到半夜', '电动车在楼下被偷了', '有人冒充社区工作人员上门诈骗老人'],
  },
  {
    // 《噪声污染防治法》第六十四条: loudspeakers and hawking of shops and street sellers are checked by the department
    // the city names, mostly 城管综合执法 (in some cities 生态环境); the police take the rest of 社会生活噪声.
    fn: 'urban_management',
    also: ['environment', 'public_security'],
    name: '商业经营噪声',
    words: '高音喇叭 大喇叭 促销 叫卖 吆喝 循环播放 播放广告 门口音响 店门口放音乐 喊麦 直播唱歌 高分贝',
    examples: ['楼下服装店门口用大喇叭循环播放促销广告', '有人在路口开直播唱歌，音箱声音一里外都听得到'],
  },
  {
    // GB/T 30428.2 市容环境 events 乱吊挂、乱晾晒: 城管 enforces on the street; 市容 keeps the standard.
    fn: 'urban_management',
    also: ['city_appearance'],
    name: '乱晾晒与乱吊挂',
    words: '晾晒 乱晾晒 乱晒 晒被子 晒被 晾衣服 晾晒衣物 乱挂 乱吊 乱吊挂 晾挂',
    examples: ['商户在人行道护栏上晾晒被子衣服', '有人在路灯杆上拉绳子晒被子'],
  },
  {
    // 《民法典》第一千二百五十四条: the police investigate who threw it; the property keeper must prevent it.
    fn: 'public_security',
    also: ['housing', 'community'],
    name: '高空抛物',
    words: '高空抛物 高空坠物 楼上扔 往楼下扔 从楼上扔 扔下来 从天而降 乱扔砖块',
    examples: ['楼上有人往楼下扔垃圾，差点砸到人', '又有砖头从天而降，砸破了楼下的车窗'],
  },
  {
    fn: 'public_security',
    also: ['environment', 'culture'],
    name: '社会生活噪音',
    words: '噪音 噪声 扰民 吵闹 太吵 吵得 睡不着 音响 大音乐 放音乐 喇叭 广场舞 酒吧 唱歌 喧哗 大声喧哗 深夜',
    examples: ['楼下酒吧凌晨两点还在放大音乐', '广场舞音响声音太大，吵得人睡不着'],
  },
  {
    fn: 'public_security',
    also: ['civil_affairs'],
    name: '寻人与流动人口',
    words: '走失 寻人 失踪 失联 未归 遍寻 没回来 找不到人 老人走丢 孩子走丢 流动人口 暂住 出租屋登记',
    examples: ['家里老人早上出门走失了，一直没回来'],
  },
  {
    fn: 'public_security',
    also: ['traffic'],
    name: '人员聚集',
    words: '人员聚集 聚集 围堵 人群 人太多 拥挤 挤 踩踏 人员密集 散场',
    examples: ['体育场散场人太多，出口拥挤', '一群人聚集在政府门口'],
  },
  {
    fn: 'traffic',
    name: '违停与拥堵',
    words:
      '违停 乱停车 乱停 乱停乱放 停车 违章停车 停在便道 停在人行道 停在路边 停在马路 便道停车 人行道停车 堵路 堵车 拥堵 车辆堵塞 占道停车 僵尸车 消防车进不去 停满 挡路 堵住通道',
    examples: ['学校门口每天早上家长乱停车堵路', '小区门口停满车，消防车进不去'],
  },
  {
    fn: 'traffic',
    also: ['city_appearance'],
    name: '信号灯与标志标线',
    words:
      '公交 公交车 公交站 发车 线路 地铁 信号灯 红绿灯 红灯 绿灯 标线 斑马线 人行横道 交通标志 限速 掉头 隔离护栏 电子眼 单行',
    examples: ['路口红绿灯坏了好几天', '学校门口没有斑马线，孩子过马路很危险'],
  },
  {
    fn: 'traffic',
    also: ['urban_management', 'public_security'],
    name: '黑车与非法营运',
    words: '黑车 黑三轮 三蹦子 摩的 拉客 揽客 宰客 非法营运 黑出租',
    examples: ['地铁口黑车拉客，还乱要价'],
  },
  {
    fn: 'traffic',
    also: ['urban_management'],
    name: '共享单车',
    words: '共享单车 单车 电单车 盲道 自行车',
    examples: ['地铁站口共享单车堆成山，盲道都被占了'],
  },
  {
    fn: 'market_regulation',
    name: '无照经营与证照',
    words:
      '无照经营 无证经营 无照 无证 没有营业执照 营业执照 执照 没有任何手续 证照 黑作坊 黑旅馆 小旅馆 日租房 无证旅馆',
    examples: ['小区里有人开黑旅馆，没有任何证照', '路边一家店没有营业执照'],
  },
  {
    fn: 'market_regulation',
    name: '价格与消费纠纷',
    words:
      '价格欺诈 宰 被宰 天价 乱收费 乱涨价 明码标价 虚假宣传 假冒 假货 伪劣 三无 过期 以次充好 消费纠纷 退款 不给退 霸王条款 预付卡 充值卡 办卡 跑路 卷款 关门跑路 缺斤短两 短斤少两 缺斤少两 短斤缺两 短秤 缺秤 分量不足 重量不足 重量不符 计量 电子秤 售后',
    examples: ['健身房办了预付卡，现在老板跑路了', '商店卖过期饮料，还不给退', '菜市场电子秤缺斤短两'],
  },
  {
    fn: 'market_regulation',
    also: ['housing'],
    name: '特种设备安全',
    words: '特种设备 电梯安全 电梯年检 锅炉 压力容器 游乐设施',
    examples: ['商场扶梯突然倒转，电梯安全有问题'],
  },
  {
    fn: 'food_drug',
    also: ['market_regulation'],
    name: '食品安全与餐饮卫生',
    words:
      '食品安全 后厨 餐饮卫生 卫生很差 拉肚子 食物中毒 变质 发霉 过期食品 苍蝇 后厨有老鼠 地沟油 上吐下泻 腹泻 就餐 加工食品 小作坊 餐馆 饭馆 饭店 外卖 早餐店 食材 吃坏 吃完肚子疼 异物 药品 假药 药店 保健品',
    examples: ['这家饭店后厨有老鼠，卫生很差', '吃了外卖之后全家拉肚子', '药店卖处方药不要处方'],
  },
  {
    fn: 'culture',
    also: ['public_security'],
    name: '文化市场',
    words:
      '景区 旅游 导游 旅行社 购物点 网吧 网咖 未成年 未成年人 上网 娱乐场所 KTV 歌厅 游戏厅 电子游戏 演出 非法出版物 盗版 剧本杀 密室',
    examples: ['网吧容留未成年人上网', 'KTV深夜营业，疑似有未成年人'],
  },
  {
    fn: 'planning',
    also: ['urban_management'],
    name: '规划与土地',
    words:
      '规划许可 规划 土地 占用耕地 非法占地 违法用地 用地性质 容积率 日照 采光 阳光 遮挡 楼间距 认定是否违建 违建认定 规划审批',
    examples: ['这栋楼的建设是否有规划许可，需要认定', '有人非法占用耕地建厂房'],
  },
];
