import { describe } from 'vitest';
import { whistleStoreContract } from '../contract/whistle-store.contract.js';
import { DATABASES } from '../helpers/database.js';

for (const target of DATABASES) {
  describe(`WhistleStore on ${target.name}`, () => {
    whistleStoreContract(target.create);
  });
}
