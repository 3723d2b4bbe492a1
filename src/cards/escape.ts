/** Lark card markdown treats these as markup; HTML numeric entities show them literally (Lark's own advice).
 * '&' goes first so that the entities we add are not escaped again. */
const MARKDOWN_ENTITIES: Record<string, string> = {
  '&': '&#38;',
  '<': '&#60;',
  '>': '&#62;',
  '*': '&#42;',
  _: '&#95;',
  '~': '&#126;',
  '[': '&#91;',
  ']': '&#93;',
  '(': '&#40;',
  ')': '&#41;',
  '#': '&#35;',
  '`': '&#96;',
  $: '&#36;',
  '!': '&#33;',
  '-': '&#45;',
  '+': '&#43;',
  ':': '&#58;',
  '/': '&#47;',
  '\\': '&#92;',
  '"': '&#34;',
  "'": '&#39;',
  '|': '&#124;',
  '@': '&#64;',
};
const MARKDOWN_SPECIAL = /[&<>*_~[\]()#`$!\-+:/\\"'|@]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** Makes user text safe inside card markdown: no mentions, links, formatting or HTML-like tags. */
export function escapeMarkdown(text: string): string {
  return text.replace(CONTROL, '').replace(MARKDOWN_SPECIAL, (c) => MARKDOWN_ENTITIES[c]!);
}

/** Removes control and bidi-override characters from text shown as plain_text. */
export function cleanPlain(text: string): string {
  return text.replace(CONTROL, '');
}

/** Clips long user text so a card stays under Lark's 30 KB; the full text stays in the database. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}
