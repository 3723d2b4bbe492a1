import * as OpenCC from 'opencc-js/t2cn';

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

/** Traditional → simplified, full-width → half-width (NFKC), whitespace collapsed. The original text is kept
 * separately by the caller; this form is only for understanding. */
export function normalizeText(text: string): string {
  return toSimplified(text.normalize('NFKC')).replace(/\s+/g, ' ').trim();
}
