import { definePspManifest } from '../manifest';
import { uzpaynetAdapter } from './adapter';
import { paynetSimulator } from './simulator';

export const uzpaynet = definePspManifest({
  code: 'uzpaynet',
  adapter: uzpaynetAdapter,
  simulator: paynetSimulator,
  currencies: ['UZS'],
});
