/** Characters that show nothing: whitespace (ASCII, no-break, ideographic), zero-width and bidi marks, word
 * joiners, the BOM, the Mongolian vowel separator, Hangul fillers and braille blank. */
const INVISIBLE =
  /[\s\u00A0\u00AD\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u2028-\u202F\u205F-\u206F\u2800\u3000\u3164\uFEFF\uFFA0]|\u034F|[\u180B-\u180D]|[\uFE00-\uFE0F]/gu;

/** True when a person would see something in this text: a message of only invisible characters is not a case. */
export function hasVisibleText(text: string): boolean {
  return text.replace(INVISIBLE, '').length > 0;
}
