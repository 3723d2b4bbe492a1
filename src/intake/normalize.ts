import * as OpenCC from 'opencc-js/t2cn';

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

/** Traditional → simplified, full-width → half-width (NFKC), whitespace collapsed. The original text is kept
 * separately by the caller; this form is only for understanding. */
export function normalizeText(text: string): string {
  // 著 is also a simplified character, so the converter keeps 著火; people mean 着火.
  return toSimplified(text.normalize('NFKC')).replace(/著火/g, '着火').replace(/\s+/g, ' ').trim();
}
