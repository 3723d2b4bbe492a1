import type { FunctionId } from './taxonomy/index.js';
import { contextAt, type Spans } from './text.js';

/** A kind of emergency: its signs, who leads (first one the roster serves) and who assists. */
interface EmergencyType {
  id: string;
  signs: RegExp;
  lead: FunctionId[];
  assist: FunctionId[];
}

/** Life-safety situations (《消防法》 rescue duties, 《突发事件应对法》): fire and rescue leads rescue and fire, the
 * police and the owner of the matter assist; a crowd is the police's. Order matters: the first type found wins. */
const TYPES: EmergencyType[] = [
  {
    id: 'crowd',
    signs:
      /踩踏|踩过|挤得走不动|人挤人.{0,10}(?:倒|伤|危险)|挤倒|挤伤|被挤.{0,6}(?:倒|伤|喘不过气)|拥挤.{0,6}(?:危险|风险)|人群.{0,10}(?:失控|混乱)|(?:人|有人)(?:不断|一层层|一个个)倒下|层层倒下|被挤在(?:当中|中间)|挤成一团/g,
    lead: ['public_security', 'traffic'],
    assist: ['traffic', 'health'],
  },
  {
    id: 'trapped',
    signs:
      /被困|受困(?!扰)|困在|困住|被关在电梯|关在电梯|卡在电梯|电梯.{0,8}(?:困|关住|下坠|坠落|急坠|冲顶|蹲底|夹)|被埋|(?:被|遭).{0,8}(?:掩埋|埋压|压住(?!了?(?:人行道|道路|马路|路面|路|车|汽车|电线|围墙|屋顶|房顶)))|埋在(?:废墟|下面|里面|土)|压在下面|落水|(?:江|河|湖|海|水库|水)里.{0,8}(?:回不来|上不来|出不来)|溺水|(?:掉|跌|坠|落)(?:进|入)(?:河|湖|江|水|井|坑|海)|触电|(?:人|孩子?|男子|女子|老人|车辆?|村民|游客)[^，。,]{0,6}被(?:水|洪水|河水|江水)?冲走|营救|搜救|求救|救命/g,
    lead: ['fire_rescue', 'emergency_management', 'public_security'],
    assist: ['public_security'],
  },
  {
    id: 'poisoning',
    signs:
      /(?:煤气|燃气|一氧化碳)中毒|一氧化碳|(?:烧|烤|点)(?:着|了)?(?:煤|炭|炭火|煤炭|煤炉|炭盆).{0,16}(?:不舒服|头晕|晕|昏|恶心|呕吐|叫不醒|没反应|没有反应|没了?呼吸)|(?:煤气|燃气).{0,30}(?:叫也?不醒|晕倒|昏迷|不省人事)/g,
    lead: ['gas', 'health', 'fire_rescue'],
    assist: ['fire_rescue', 'health', 'public_security'],
  },
  {
    id: 'gas',
    signs:
      /(?:煤气|燃气|天然气|液化气|瓦斯|可燃气体)(?:的?气?味|泄漏|泄露|外泄|外洩|泄)|(?:全是|一股|闻到|充斥着?|很大的?|浓烈的?)(?:煤气|燃气|天然气)|漏气|燃气报警器|闻到.{0,4}(?:臭鸡蛋|煤气|燃气)|(?:挖断|挖破|破裂|断裂).{0,6}(?:燃气|煤气|天然气)管?|(?:燃气|煤气|天然气)管道?.{0,4}(?:挖断|挖破|破裂|断裂)|(?:煤气|燃气|液化气)罐.{0,4}(?:漏|爆)/g,
    lead: ['fire_rescue', 'gas', 'emergency_management'],
    assist: ['gas', 'public_security'],
  },
  {
    id: 'fire',
    signs:
      /起火|着火|失火|火势|大火|火警|救火|烧毁|烧伤|烧死|自燃|燃起|浓烟滚滚|烟雾弥漫|(?<!引发|引起|防止|预防|易|容易)火灾(?!隐患|风险)|火情|明火|浓烟|冒(?:黑)?烟|烧起来|火苗|火光|爆燃|爆炸|烧着了|(?:打|拨打了?)119|119报警/g,
    lead: ['fire_rescue', 'emergency_management', 'public_security'],
    assist: ['public_security'],
  },
  {
    id: 'hazmat',
    signs:
      /(?:危化品|化学品|危险品|氨气|液氨|氯气|硫化氢|硫酸|盐酸|毒气|有毒气体|油罐车|槽罐车|罐车).{0,6}(?:泄漏|泄露|外泄|侧翻)|刺激性气体.{0,24}(?:呼吸困难|流泪|泪流|窒息|呛)|刺鼻的?(?:气味|味道)呛/g,
    lead: ['fire_rescue', 'emergency_management'],
    assist: ['emergency_management', 'environment', 'public_security'],
  },
  {
    id: 'medical',
    signs:
      /中毒|晕倒|昏迷|休克|抽搐|口吐白沫|倒地不起|没有?了?呼吸|心脏骤停|大出血|不省人事|叫也不醒|呼吸(?:都|很|都很)?困难|窒息|呻吟/g,
    lead: ['health', 'fire_rescue', 'public_security'],
    assist: ['public_security', 'fire_rescue'],
  },
  {
    id: 'collapse',
    // A cave-in of the road is an emergency when it is sudden or caught someone; an old pothole is 市政's matter.
    signs:
      /坍塌|倒塌|塌方|塌了|垮塌|(?:突然|突发|瞬间).{0,8}(?:塌陷|地陷|塌出|陷下去)|(?:塌陷|地陷|天坑|塌出|陷下去|大坑|深坑).{0,16}(?:掉进|陷进|卡在|坠入|栽入|险些|被困|吞|晃)|墙倒|楼塌|房子塌|山体滑坡|滑坡|泥石流|砸中|砸死/g,
    lead: ['fire_rescue', 'housing', 'emergency_management'],
    assist: ['housing', 'public_security'],
  },
  {
    id: 'flood',
    signs:
      /被淹|淹了|淹没|倒灌|内涝|洪水|山洪|水漫|漫进|积水.{0,10}(?:齐腰|没过|熄火|漂|被困|车顶)|(?:车|人).{0,4}(?:泡在水里|被水冲|泡水)/g,
    lead: ['water', 'fire_rescue', 'emergency_management'],
    assist: ['fire_rescue', 'public_security'],
  },
  {
    id: 'structure',
    // Cracking or tilting that is spreading, or that has people moved out: 《城市危险房屋管理规定》's 危房 signs.
    signs:
      /(?:楼体|墙体|墙壁|墙面|房屋|楼房|外墙|阳台|房顶|屋顶|居民楼|住宅楼).{0,6}(?:裂缝|裂痕|开裂|裂开|倾斜|脱落|掉落|坠落|沉降).{0,16}(?:危险|随时|砸|倒|塌|越来越|扩大|撤离|疏散|搬离|巨响|震动|晃动|摇晃)|(?:楼|房).{0,6}(?:明显|整体|严重)倾斜|(?:开裂|裂缝|倾斜|沉降).{0,16}(?:紧急|连夜)?(?:疏散|撤离)/g,
    lead: ['housing', 'fire_rescue', 'emergency_management'],
    assist: ['fire_rescue', 'public_security'],
  },
];

/** Words that make any case urgent though they name no situation: its matter then decides the lead. */
const URGENT =
  /紧急|应急(?!车辆|车道|通道|管理|预案|演练)|危急|受伤|伤员|伤亡|遇难|身亡|(?<![鱼虾鸡鸭鹅猪牛羊狗猫树苗])死亡|砸伤|砸到人|压到人|有人跳楼|要跳楼|生命危险|救护车(?!.{0,6}(?:进不|开不进|很难通行|难以通行|无法通行|过不去))|打120|电线.{0,6}(?:掉落|垂落|断落|打火|冒火花)|高压线.{0,6}(?:断|掉|垂)/g;

export interface Emergency {
  type: string;
  lead: FunctionId[];
  assist: FunctionId[];
}

function found(text: string, re: RegExp, spans: Spans): boolean {
  for (const m of text.matchAll(re))
    if (contextAt(spans, m.index) !== 'negated' && !preNegated(text, m.index)) return true;
  return false;
}

/** "没有起火", "无人被困", "未发现明火": the sign right after a short negation does not count; nor one the clause
 * only supposes ("假如发生火灾", "万一着火", "以免引发火灾"). */
function preNegated(text: string, at: number): boolean {
  if (/(?:没有|没|无|未|不)(?:人|发现|见)?$/.test(text.slice(Math.max(0, at - 3), at))) return true;
  // "亲历三次被困电梯": a count of past times is a complaint about a recurring fault, not an alarm now.
  if (/[二两三四五六七八九十几多数]次$/.test(text.slice(Math.max(0, at - 3), at))) return true;
  const clause =
    text
      .slice(Math.max(0, at - 10), at)
      .split(/[，。！？；,.!?;]/)
      .at(-1) ?? '';
  return /假如|如果|万一|一旦|要是|倘若|若是|以免|以防|防止|避免|预防|容易/.test(clause);
}

/** The emergency a text describes, or null; `urgent` alone flags urgency without a type. */
/** Flood words are an emergency only with people or cars at risk; a flooded garage or street is the water
 * department's (or the property's) matter. */
const AT_RISK =
  /被困|困在|困住|救|熄火|漂|没过车|齐腰|失联|冲走|被洪水|车内进水|车里进水|(?:爬|站|躲)(?:上|到)了?(?:车顶|屋顶|房顶|树上|高处)/;
/** Smoke from a chimney, a boiler or a workshop is pollution (生态环境), not a fire: only smoke words count then. */
const POLLUTION = /烟囱|锅炉|排放|直排|污染|颗粒物|烟煤|烧煤|油烟|废气|污烟/;
const STALE = /(?:倒塌|坍塌|塌了|垮塌)(?:已经|已)?(?:有)?(?:半个多月|一个多月|好几天|多天|几个月|多年|很久|好久)/;
const FIRE_PROPER = /起火|着火|失火|火势|大火|火警|救火|明火|火苗|火光|烧起来|烧着了|爆燃|爆炸|119/;

/** The alarm itself is withdrawn ("是误报", "虚惊一场"); "以为是误报" is a complaint that nobody came. */
const WITHDRAWN = /(?<!以为|当作|当成|当)误报|虚惊|谣言|假警/;

export const alarmWithdrawn = (text: string): boolean => WITHDRAWN.test(text);

export function detectEmergency(text: string, spans: Spans): Emergency | 'urgent' | null {
  if (alarmWithdrawn(text)) return null;
  for (const t of TYPES) {
    if (!found(text, t.signs, spans)) continue;
    if (t.id === 'flood') {
      if (!AT_RISK.test(text)) continue;
      return { type: t.id, lead: ['fire_rescue', 'water'], assist: ['water', 'public_security'] };
    }
    // "围墙倒塌半个多月了都没有清理": a collapse long past is a clean-up, not an alarm.
    if (t.id === 'collapse' && STALE.test(text)) continue;
    if (t.id === 'fire' && POLLUTION.test(text) && !found(text, new RegExp(FIRE_PROPER, 'g'), spans)) continue;
    return { type: t.id, lead: t.lead, assist: t.assist };
  }
  return found(text, URGENT, spans) ? 'urgent' : null;
}
