import { EventEmitter } from 'node:events';

export interface EmuUser {
  id: string;
  name: string;
}
export interface EmuChat {
  id: string;
  name: string;
  type: 'group' | 'p2p';
  members: Set<string>;
  botIn: boolean;
}
export interface EmuMessage {
  id: string;
  chatId: string;
  sender: string;
  /** 'bot' for the app's own messages. */
  senderType: 'user' | 'bot';
  msgType: string;
  content: string;
  rootId?: string;
  parentId?: string;
  threadId?: string;
  createdAt: number;
  updatedAt: number;
  updates: number;
  urgent: { kind: string; users: string[]; at: number }[];
  deleted: boolean;
}
export interface ApiCall {
  at: number;
  method: string;
  path: string;
  op: string;
  status: number;
  code: number;
  body?: unknown;
  ms: number;
}

/** The emulated tenant: people, chats and messages, plus a record of every API call. Emits 'change' so that
 * the sandbox page can redraw. */
export class Workspace extends EventEmitter {
  readonly users = new Map<string, EmuUser>();
  readonly chats = new Map<string, EmuChat>();
  readonly messages = new Map<string, EmuMessage>();
  readonly calls: ApiCall[] = [];
  #seq = 0;
  /** The tenant's clock for message ages (the 14-day card window); tests give it the service's virtual clock. */
  now: () => number = Date.now;

  constructor(readonly botOpenId: string) {
    super();
    this.setMaxListeners(100);
  }

  nextId(prefix: string): string {
    this.#seq += 1;
    return `${prefix}_${Date.now().toString(36)}${this.#seq.toString(36).padStart(4, '0')}`;
  }

  addUser(id: string, name: string): void {
    this.users.set(id, { id, name });
  }

  addChat(id: string, name: string, members: string[], type: 'group' | 'p2p' = 'group'): EmuChat {
    const chat = { id, name, type, members: new Set(members), botIn: true };
    this.chats.set(id, chat);
    this.emit('change', { kind: 'chat', id });
    return chat;
  }

  /** The p2p chat between the bot and a user, created on first use (as Lark does). */
  p2pChat(userId: string): EmuChat {
    const id = `oc_p2p_${userId.replace(/^ou_/, '')}`;
    return this.chats.get(id) ?? this.addChat(id, this.users.get(userId)?.name ?? userId, [userId], 'p2p');
  }

  addMessage(m: Omit<EmuMessage, 'id' | 'createdAt' | 'updatedAt' | 'updates' | 'urgent' | 'deleted'>): EmuMessage {
    const now = this.now();
    const msg: EmuMessage = {
      ...m,
      id: this.nextId('om'),
      createdAt: now,
      updatedAt: now,
      updates: 0,
      urgent: [],
      deleted: false,
    };
    this.messages.set(msg.id, msg);
    this.emit('change', { kind: 'message', id: msg.id, chatId: msg.chatId });
    return msg;
  }

  updateMessage(id: string, content: string): void {
    const m = this.messages.get(id);
    if (!m) return;
    m.content = content;
    m.updatedAt = this.now();
    m.updates += 1;
    this.emit('change', { kind: 'update', id, chatId: m.chatId });
  }

  record(call: ApiCall): void {
    this.calls.push(call);
    if (this.calls.length > 20_000) this.calls.splice(0, 5_000);
    this.emit('call', call);
  }

  messagesIn(chatId: string): EmuMessage[] {
    return [...this.messages.values()].filter((m) => m.chatId === chatId);
  }

  /** The last card the bot posted in a chat (tests read cards the way a person would see them). */
  lastCard(chatId: string): EmuMessage | undefined {
    return this.messagesIn(chatId)
      .filter((m) => m.senderType === 'bot' && m.msgType === 'interactive')
      .at(-1);
  }

  reset(): void {
    this.messages.clear();
    this.calls.length = 0;
    this.emit('change', { kind: 'reset' });
  }
}
