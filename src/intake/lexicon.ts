/** Words that choose a whistle's kind beyond the matter (the seeds' 四哨, `004_*.txt`): 联合联动哨 and 监督管理哨.
 * The matters themselves live in the taxonomy (src/intake/taxonomy); emergencies in emergency.ts. */
export const JOINT_SIGNS = ['联合', '联动', '会商', '协同处置', '共同处置', '一起处置'];
export const SUPERVISE_SIGNS = ['评价', '考核', '督查', '监督', '打分', '评估', '满意度'];
/** Signs that a matter is disputed or beyond one department (三级过滤 level 3). */
export const DISPUTE_SIGNS = [
  '推诿',
  '互相推',
  '踢皮球',
  '多次反映',
  '反复反映',
  '长期',
  '多年',
  '一直没解决',
  '多部门',
  '没人管',
];
