import type { FunctionId } from './functions.js';

/** One governance matter: who leads it (`fn`), who may also acceptably lead it (`also`), the words people use
 * for it (space-separated, simplified; colloquial variants included) and short typical examples that also train
 * the statistical model. `grid`: a small matter the grid handles itself (三级过滤 level 1). */
export interface Matter {
  fn: FunctionId;
  also?: FunctionId[];
  name: string;
  words: string;
  examples: string[];
  grid?: boolean;
}
