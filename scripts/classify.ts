// `npm run classify -- "<text>"`: prints, as JSON, the draft a group message would become with the current roster.
import { classify } from '../src/intake/classify.js';
import { loadRosterFile, RosterError } from '../src/roster/roster-load.js';

const text = process.argv.slice(2).join(' ');
const file = process.env.ROSTER_FILE || 'config/roster.example.yaml';
try {
  const roster = loadRosterFile(file);
  const u = classify(text, roster, Date.now());
  const out = {
    category: u.category,
    lead: u.lead,
    assist: u.assist,
    kind: u.kind,
    level: u.level,
    location: u.location,
    deadline: u.deadline ? new Date(u.deadline).toISOString() : null,
    confidence: u.confidence,
    source: u.source,
    sourceRef: u.sourceRef,
    question: u.question?.zh ?? null,
    questionEn: u.question?.en ?? null,
    candidates: u.candidates.slice(0, 3),
    functions: u.functions,
    unowned: u.unowned,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
} catch (err) {
  if (err instanceof RosterError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
