import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * A roster directory with the example street (三里屯) and a second one (东四): its own command chat, cadre, leader
 * and department chats and contacts, the same district person. `sharedChengguan`: 城管's district team (its chat
 * and contacts) serves both streets from one group. `trustHotline`: 东四 whistles 12345 cases at once.
 */
export function twoStreets(o: { sharedChengguan?: boolean; trustHotline?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'streets-'));
  copyFileSync('config/roster.example.yaml', join(dir, '1-sanlitun.yaml'));
  const r = parse(readFileSync('config/roster.example.yaml', 'utf8'));
  r.street = {
    id: 'dongsi',
    code: 'DS',
    name: '东四街道',
    name_en: 'Dongsi Sub-district',
    chats: ['oc_dongsi_cmd'],
    cadres: ['ou_ds_cadre'],
    leaders: ['ou_ds_leader'],
    district: ['ou_district_1'],
  };
  r.people = { ou_ds_cadre: '东四街巷长', ou_ds_leader: '东四书记' };
  r.tiers = [];
  if (o.trustHotline) r.sources = [{ id: '12345', trusted: true }];
  for (const d of r.departments) {
    if (o.sharedChengguan && d.id === 'chengguan') continue;
    d.chat = `oc_ds_${d.id}`;
    d.contacts = [`ou_ds_${d.id}_1`];
    d.head = `ou_ds_${d.id}_head`;
  }
  writeFileSync(join(dir, '2-dongsi.yaml'), stringify(r));
  return dir;
}
