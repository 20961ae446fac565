import { testWallet } from '../osmp/fixtures/http';
import { resolveSettings } from './settings';

it('writes the driver id under metadata.driver_id at initialize unless the wallet names another key', () => {
  expect(resolveSettings(testWallet('paystack', 'NGN'))).toStrictEqual({
    ok: true,
    settings: { driverIdMetadataKey: 'driver_id' },
  });
  expect(resolveSettings(testWallet('paystack', 'NGN', { driverIdMetadataKey: 'rider' }))).toStrictEqual({
    ok: true,
    settings: { driverIdMetadataKey: 'rider' },
  });
});
