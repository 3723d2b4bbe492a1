import { parseRoster } from '../../src/roster/roster-load.js';

/** A roster of real size (issue 17): `cats` categories and `depts` departments with long names, every department
 * with a contact and a head, every category with a lead and two assisting departments. */
export function bigRosterYaml(cats: number, depts: number): string {
  const d = Array.from({ length: depts }, (_, i) => i);
  const people = d.flatMap((i) => [`  ou_d${i}_1: 部门${i}联络员`, `  ou_d${i}_head: 部门${i}负责人`]);
  return [
    'timezone: Asia/Shanghai',
    'street:',
    '  id: bigstreet',
    '  code: BIG',
    '  name: 大街道',
    '  name_en: Big Sub-district',
    '  chats: [oc_street_cmd]',
    '  cadres: [ou_cadre_1]',
    '  leaders: [ou_leader_1]',
    '  district: [ou_district_1]',
    'departments:',
    ...d.map(
      (i) =>
        `  - { id: dept${i}, name: 第${i}综合行政执法与管理服务中心, name_en: Integrated administrative enforcement and service centre no. ${i}, tier: extended, chat: oc_dept_${i}, contacts: [ou_d${i}_1], head: ou_d${i}_head }`,
    ),
    'categories:',
    ...Array.from(
      { length: cats },
      (_, i) =>
        `  - { id: category-${i}, name: 第${i}类城市管理综合问题, name_en: Urban management issue of kind ${i}, lead: dept${i % depts}, assist: [dept${(i + 1) % depts}, dept${(i + 2) % depts}], keywords: [问题${i}号] }`,
    ),
    'defaults: { arrive: 30m, resolve: 24h, emergency_arrive: 15m, emergency_resolve: 4h, reminders: [0.5], presence_check: 60m, presence_grace: 10m }',
    'escalation:',
    '  - { after: 0m, to: head }',
    'people:',
    '  ou_cadre_1: 王街巷长',
    '  ou_leader_1: 陈书记',
    '  ou_district_1: 区专班',
    ...people,
  ].join('\n');
}

export const bigRoster = (cats: number, depts: number) => parseRoster(bigRosterYaml(cats, depts), 'big-roster.yaml');
