import type { LarkEmulator } from '../emulator/emulator.js';
import type { Roster } from '../roster/roster.js';

/** Fills an emulated tenant with the roster's people and chats, so the bot finds the world it expects. */
export function seedWorkspace(emu: LarkEmulator, roster: Roster): void {
  for (const id of roster.people()) {
    emu.ws.addUser(id, roster.name(id));
    emu.ws.p2pChat(id);
  }
  const s = roster.street;
  const streetPeople = [...s.cadres, ...s.leaders, ...s.district];
  for (const chat of s.chats) emu.ws.addChat(chat, `${s.name}吹哨群`, streetPeople);
  if (s.leaders_chat) emu.ws.addChat(s.leaders_chat, `${s.name}领导群`, [...s.leaders, ...s.district]);
  for (const d of roster.departments) {
    emu.ws.addChat(d.chat, `${d.name}工作群`, roster.departmentPeople(d.id));
  }
  for (const t of roster.data.tiers) {
    for (const chat of t.chats) emu.ws.addChat(chat, `${t.name}吹哨群`, [...t.cadres, ...s.cadres, ...s.leaders]);
  }
}
