/** A deadline read from text is taken only when it is a real time within a year: "9999-12-31" (a placeholder
 * typed into a form), "明天上午25点" (chrono rolls it over to the next morning) or "10000天内" would otherwise set
 * a clock nobody meant. What is refused is said, so the cadre can correct it; the category's window applies. */
export const MAX_DEADLINE_MS = 365 * 86_400_000;

const CN_DIGITS: Record<string, number> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 25, ２５, 二十五, 十二 → a number; NaN when it is not one. */
function toNumber(s: string): number {
  const ascii = s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (/^\d+$/.test(ascii)) return Number(ascii);
  const m = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/.exec(s);
  if (m) return (m[1] ? CN_DIGITS[m[1]]! : 1) * 10 + (m[2] ? CN_DIGITS[m[2]]! : 0);
  return s.length === 1 && s in CN_DIGITS ? CN_DIGITS[s]! : Number.NaN;
}

const NUM = '([0-9０-９]+|[零一二两三四五六七八九十]+)';
/** Clock times and calendar dates that do not exist: hour over 24, minute over 59, month over 12, day over 31. */
const IMPOSSIBLE: [RegExp, (n: number[]) => boolean][] = [
  [new RegExp(`${NUM}\\s*[点點](?!半)`, 'g'), ([h]) => h! > 24],
  [new RegExp(`(?<!小)${NUM}\\s*[时時](?![间間])`, 'g'), ([h]) => h! > 24],
  [new RegExp(`[点點时時]\\s*${NUM}\\s*分`, 'g'), ([m]) => m! > 59],
  [new RegExp(`${NUM}\\s*月\\s*${NUM}\\s*[日号號]`, 'g'), ([mo, d]) => mo! > 12 || d! > 31 || d! < 1],
  [/\b\d{4}[-/.](\d{1,2})[-/.](\d{1,2})\b/g, ([mo, d]) => mo! > 12 || mo! < 1 || d! > 31 || d! < 1],
];

export type DeadlineCheck = { at: number | undefined; ignored?: { zh: string; en: string } };

/** Keeps a parsed deadline only when the text names a possible time and it falls within a year from now. */
export function boundDeadline(text: string, at: number | undefined, now: number): DeadlineCheck {
  if (at === undefined) return { at };
  for (const [re, bad] of IMPOSSIBLE) {
    for (const m of text.matchAll(re)) {
      if (bad(m.slice(1).map(toNumber))) {
        return {
          at: undefined,
          ignored: {
            zh: `时限“${m[0]}”不是有效的时间，未采用，按类别默认时限办理。`,
            en: `The deadline "${m[0]}" is not a real time; it was not taken and the category's window applies.`,
          },
        };
      }
    }
  }
  if (at - now > MAX_DEADLINE_MS) {
    return {
      at: undefined,
      ignored: {
        zh: '时限超过一年，未采用，按类别默认时限办理。',
        en: "The deadline is more than a year away; it was not taken and the category's window applies.",
      },
    };
  }
  return { at };
}
