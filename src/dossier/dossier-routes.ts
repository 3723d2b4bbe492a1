import express, { type Router } from 'express';
import { requireAdmin } from '../http/api.js';
import type { Logger } from '../log.js';
import type { Streets } from '../streets/streets.js';
import type { WhistleStore } from '../whistle/store.js';
import { buildDossier } from './dossier-data.js';
import { renderDossierHtml } from './dossier-html.js';
import { renderDossierPdf } from './dossier-pdf.js';

/** GET /api/whistles/:id/dossier (admin token): the case's 案卷 as printable HTML, or `?format=pdf`. */
export function createDossierRoutes(o: {
  store: WhistleStore;
  streets: Streets;
  adminToken?: string;
  log: Logger;
  now?: () => number;
}): Router {
  const now = o.now ?? Date.now;
  const r = express.Router();
  r.get('/api/whistles/:id/dossier', requireAdmin(o.adminToken, { log: o.log }), async (req, res) => {
    const format = req.query.format ?? 'html';
    if (format !== 'html' && format !== 'pdf') return void res.status(400).json({ error: 'format: html or pdf' });
    const s = await o.store.find(String(req.params.id));
    const street = s ? o.streets.get(s.caseRow.street) : undefined;
    if (!s || !street) return void res.status(404).json({ error: 'no such case' });
    const dossier = buildDossier({
      s,
      timeline: await o.store.timeline(s.caseRow.id),
      roster: street.roster(),
      now: new Date(now()),
    });
    const file = `dossier-${(s.caseRow.number ?? s.caseRow.id).replace(/[^\w.-]/g, '_')}`;
    if (format === 'html') {
      res.setHeader('Content-Disposition', `inline; filename="${file}.html"`);
      return void res.type('text/html; charset=utf-8').send(renderDossierHtml(dossier));
    }
    const pdf = await renderDossierPdf(dossier);
    if (!pdf.ok) return void res.status(501).json({ error: pdf.error });
    res.setHeader('Content-Disposition', `inline; filename="${file}.pdf"`);
    res.type('application/pdf').send(pdf.bytes);
  });
  return r;
}
