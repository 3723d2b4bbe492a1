import type { Router } from 'express';
import { z } from 'zod';
import { UserError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Streets } from '../streets/streets.js';
import { FEEDBACK_RESULTS } from '../whistle/model.js';
import type { CaseState, WhistleStore } from '../whistle/store.js';
import { caseJson } from './api.js';
import { sendError } from './http-errors.js';

/** 138****5678: the first three and last four digits of a mobile number; shorter numbers keep their last two. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
}

/** 张*: the family name and a star for each other character. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** The 诉求人 as every reader of the API sees it: masked (the whole number stays in the record for the street). */
export function residentJson(s: CaseState) {
  if (!s.caseRow.resident_name && !s.caseRow.resident_phone) return null;
  return {
    name: s.caseRow.resident_name ? maskName(s.caseRow.resident_name) : null,
    phone: s.caseRow.resident_phone ? maskPhone(s.caseRow.resident_phone) : null,
  };
}

const feedbackBody = z.object({
  result: z.enum(FEEDBACK_RESULTS),
  note: z.string().trim().max(500).optional(),
});

/** POST /api/whistles/:id/feedback: the source system (or anyone holding the admin token) records the resident's
 * answer to the 回访 of an accepted case; 不满意 reopens it. 409 before acceptance or when already recorded. */
export function feedbackRoute(r: Router, o: { store: WhistleStore; streets: Streets; log: Logger }): void {
  r.post('/api/whistles/:id/feedback', async (req, res) => {
    const body = feedbackBody.safeParse(req.body ?? {});
    if (!body.success) {
      const i = body.error.issues[0]!;
      return sendError(res, o.log, 400, `${i.path.join('.') || 'body'}: ${i.message}`);
    }
    const s = await o.store.find(req.params.id);
    const street = s ? o.streets.get(s.caseRow.street) : undefined;
    if (!s || !street) return sendError(res, o.log, 404, 'no such case');
    try {
      await street.service.actFromApi(s.caseRow.id, 'feedback', 'api', body.data);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      const status = err.code === 'bad_result' ? 400 : 409;
      return sendError(res, o.log, status, err.en, { code: err.code });
    }
    const after = (await o.store.find(s.caseRow.id))!;
    res.json(caseJson(after, await o.store.timeline(after.caseRow.id)));
  });
}
