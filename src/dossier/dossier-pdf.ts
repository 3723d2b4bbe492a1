import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Dossier } from './dossier-data.js';

/** A font file that can draw Chinese, and the face to use when the file is a collection (.ttc). */
interface CjkFont {
  file: string;
  face?: string;
}

// Where Debian/Ubuntu's fonts-noto-cjk, macOS and Windows keep a CJK serif or sans; fontconfig is asked first.
const KNOWN: CjkFont[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', face: 'NotoSerifCJKsc-Regular' },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc', face: 'NotoSerifCJKsc-Regular' },
  { file: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { file: '/System/Library/Fonts/Supplemental/Songti.ttc', face: 'STSongti-SC-Regular' },
  { file: 'C:\\Windows\\Fonts\\simsun.ttc', face: 'SimSun' },
];

function fromFontconfig(): CjkFont[] {
  const r = spawnSync('fc-match', ['-f', '%{file}|%{postscriptname}', 'Noto Serif CJK SC:lang=zh-cn'], {
    encoding: 'utf8',
    timeout: 3000,
  });
  if (r.status !== 0 || !r.stdout) return [];
  const [file, face] = r.stdout.split('|');
  return file ? [{ file, face: face || undefined }] : [];
}

/** The font is usable when it opens and has the glyphs of 案卷 (fc-match falls back to Latin-only fonts). */
function usable(fontkit: typeof import('fontkit'), f: CjkFont): boolean {
  if (!existsSync(f.file)) return false;
  try {
    const opened = fontkit.openSync(f.file, f.face);
    const font = 'fonts' in opened ? undefined : opened;
    return !!font && font.hasGlyphForCodePoint(0x6848) && font.hasGlyphForCodePoint(0x5377);
  } catch {
    return false;
  }
}

let found: CjkFont | null | undefined;
/** The first usable CJK font, looked up once. The font and PDF libraries load on first use, not at start-up. */
export async function findCjkFont(): Promise<CjkFont | undefined> {
  if (found === undefined) {
    const fontkit = await import('fontkit');
    found = [...fromFontconfig(), ...KNOWN].find((f) => usable(fontkit, f)) ?? null;
  }
  return found ?? undefined;
}

export type PdfResult = { ok: true; bytes: Buffer } | { ok: false; error: string };

/** The dossier as an A4 PDF drawn with pdfkit (no browser, no network) in a CJK font found on the machine. */
export async function renderDossierPdf(d: Dossier): Promise<PdfResult> {
  const font = await findCjkFont();
  if (!font)
    return {
      ok: false,
      error:
        'PDF needs a Chinese font on the server: install fonts-noto-cjk (Debian/Ubuntu: apt-get install fonts-noto-cjk). ' +
        'The HTML dossier (without ?format=pdf) prints to A4 from any browser.',
    };
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margins: { top: 51, bottom: 57, left: 45, right: 45 }, bufferPages: true });
  doc.info.Title = `${d.title} ${d.subtitle}`;
  doc.info.Creator = 'lark-whistle';
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.file, font.face ?? '');
  doc.font('cjk');
  doc.fontSize(18).text(d.title, { align: 'center', characterSpacing: 2 });
  doc.fontSize(10).moveDown(0.3).text(d.subtitle, { align: 'center' }).moveDown(1);
  for (const s of d.sections) {
    doc.fontSize(12.5).text(s.title).moveDown(0.3);
    doc.fontSize(9);
    if (s.layout === 'kv') {
      doc.table({ columnStyles: [90, '*'], data: s.rows });
    } else if (s.rows.length === 0) {
      doc.text(s.empty);
    } else {
      doc.table({
        data: [s.head, ...s.rows],
        rowStyles: (i) => (i === 0 ? { backgroundColor: '#eeeeee' } : undefined),
      });
    }
    doc.x = doc.page.margins.left;
    doc.moveDown(1);
  }
  doc.fontSize(8).text(d.footer);
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .fontSize(8)
      .text(`${i + 1} / ${pages.count}`, 0, doc.page.height - 36, { align: 'center', width: doc.page.width });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return { ok: true, bytes: await done };
}
