import type { DeptRow } from '../db/schema.js';
import { current } from './windows.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** A department's 签收 and 联系 in the API case, for its current summons (older ones are not its record now). */
export function clockDeptJson(d: DeptRow) {
  return {
    signedAt: current(d, d.signed_at) ? iso(d.signed_at) : null,
    contactedAt: current(d, d.contacted_at) ? iso(d.contacted_at) : null,
    signLate: current(d, d.sign_late_at),
    contactLate: current(d, d.contact_late_at),
  };
}
