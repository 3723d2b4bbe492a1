import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const DEPTS = 30;

/** A street with 30 departments, each with its own chat: an all-hands emergency and a one-department category. */
export function fanoutRosterFile(): string {
  const depts = Array.from({ length: DEPTS }, (_, i) => {
    const id = `d${String(i + 1).padStart(2, '0')}`;
    return {
      id,
      name: `部门${i + 1}`,
      tier: 'extended',
      chat: `oc_${id}`,
      contacts: [`ou_${id}_1`],
      head: `ou_${id}_h`,
    };
  });
  const roster = {
    timezone: 'Asia/Shanghai',
    street: {
      id: 'bench',
      code: 'BEN',
      name: '基准街道',
      chats: ['oc_street_cmd'],
      cadres: ['ou_cadre_1'],
      leaders: ['ou_leader_1'],
      district: ['ou_district_1'],
    },
    departments: depts,
    categories: [
      {
        id: 'all-hands',
        name: '全员应急',
        kind: 'emergency',
        keywords: ['全员'],
        lead: 'd01',
        assist: depts.slice(1).map((d) => d.id),
        arrive: '15m',
        resolve: '4h',
      },
      { id: 'solo', name: '单部门', keywords: ['单独'], lead: 'd01', assist: [], arrive: '30m', resolve: '24h' },
    ],
    defaults: { arrive: '30m', resolve: '24h', emergency_arrive: '15m' },
    // The benchmark posts as a trusted source: its cases are whistled at once.
    sources: [{ id: 'bench', trusted: true }],
  };
  const file = join(mkdtempSync(join(tmpdir(), 'bench-roster-')), 'roster.yaml');
  writeFileSync(file, stringify(roster));
  return file;
}
