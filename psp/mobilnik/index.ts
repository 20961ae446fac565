import { definePspManifest } from '../manifest';
import { createMobilnikAdapter } from './adapter';
import { mobilnikSimulator } from './simulator';

export const mobilnikAdapter = createMobilnikAdapter();

export const mobilnik = definePspManifest({
  code: 'mobilnik',
  adapter: mobilnikAdapter,
  simulator: mobilnikSimulator,
  currencies: ['KGS'],
});
