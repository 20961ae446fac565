import { paymentView } from '../fixtures';
import { pspRequest, testWallet } from '../osmp/fixtures/http';
import { TELLCELL_SAMPLES } from './fixtures/samples';
import { parseTellcell } from './parse';
import { renderTellcell } from './render';

const context = parseTellcell(pspRequest(TELLCELL_SAMPLES.status.url), testWallet('tellcell', 'AMD')).context;

describe('renderTellcell status', () => {
  it('leaves the date empty when the payment has no valid creation time', () => {
    const payment = paymentView({ state: 'processed', createdAt: new Date(Number.NaN) });
    expect(renderTellcell({ kind: 'status', payment }, context).body).toBe(
      TELLCELL_SAMPLES.status.completed.replace('<date>2024-03-25T11:06:01Z</date>', '<date></date>'),
    );
  });
});
