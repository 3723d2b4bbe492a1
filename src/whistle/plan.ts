import type { CaseUpdate, DeptUpdate, NewDept } from '../db/schema.js';
import type { UserError } from '../errors.js';
import type { Notice } from '../notices/notices.js';
import type { OutboundJob } from '../queue/outbound-jobs.js';
import type { NewRequest, NewTimelineEntry } from './store.js';

export interface Toast {
  type: 'success' | 'info' | 'error' | 'warning';
  zh: string;
  en: string;
}

/** What one decision changes, collected first and written in one transaction. */
export class Plan {
  casePatch: CaseUpdate = {};
  readonly deptPatches = new Map<string, DeptUpdate>();
  readonly newDepts: NewDept[] = [];
  replaceProposed?: NewDept[];
  readonly timeline: NewTimelineEntry[] = [];
  readonly newRequests: NewRequest[] = [];
  readonly requestDecisions: { id: string; status: 'approved' | 'denied'; by: string }[] = [];
  readonly presenceOpen: { dept: string; user: string }[] = [];
  readonly presenceClose: { dept: string; user?: string }[] = [];
  readonly outbound: { id: string; job: OutboundJob }[] = [];
  /** Departments to send a (new) summons card to, rendered from the state after this plan. */
  readonly summon = new Set<string>();
  /** Notices to send after the change, rendered from the state after this plan. */
  readonly notices: Notice[] = [];
  /** Departments whose summons card must be re-rendered. */
  readonly touched = new Set<string>();
  allCards = false;
  /** A refusal that is still recorded (the timeline entries are written, nothing else). */
  refusal?: UserError;
  toast: Toast = { type: 'success', zh: '已完成', en: 'Done' };

  patchCase(p: CaseUpdate): void {
    Object.assign(this.casePatch, p);
    this.allCards = this.allCards || p.status !== undefined;
  }
  patchDept(dept: string, p: DeptUpdate): void {
    this.deptPatches.set(dept, { ...(this.deptPatches.get(dept) ?? {}), ...p });
    this.touched.add(dept);
  }
  log(e: NewTimelineEntry): void {
    this.timeline.push(e);
  }
  send(id: string, job: OutboundJob): void {
    this.outbound.push({ id, job });
  }
  done(zh: string, en: string, type: Toast['type'] = 'success'): void {
    this.toast = { type, zh, en };
  }
}
