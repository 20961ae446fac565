import { pspRequest } from '../osmp/fixtures/http';
import { readIdramForm } from './form';

const body = 'EDP_PRECHECK=YES&EDP_BILL_NO=DRV000123&EDP_REC_ACCOUNT=110000601&EDP_AMOUNT=5000.00';

describe('readIdramForm', () => {
  it.each([
    ['a GET', 'GET', 'application/x-www-form-urlencoded'],
    ['a JSON POST', 'POST', 'application/json'],
  ])('refuses %s, however well formed its body', (_case, method, contentType) => {
    expect(readIdramForm(pspRequest('/idram', { method, body, contentType }))).toStrictEqual({
      ok: false,
      message: 'expected an urlencoded form POST',
    });
  });

  it('reads the form of a POST whatever the case of its method and media type', () => {
    const req = pspRequest('/idram', {
      method: 'post',
      body,
      contentType: 'Application/X-WWW-Form-Urlencoded; charset=UTF-8',
    });
    expect(readIdramForm(req)).toStrictEqual({
      ok: true,
      form: { EDP_PRECHECK: 'YES', EDP_BILL_NO: 'DRV000123', EDP_REC_ACCOUNT: '110000601', EDP_AMOUNT: '5000.00' },
    });
  });

  it('names the field repeated with different values', () => {
    const req = pspRequest('/idram', {
      method: 'POST',
      body: `${body}&EDP_AMOUNT=5000.00&EDP_AMOUNT=50.00`,
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(readIdramForm(req)).toStrictEqual({ ok: false, message: 'EDP_AMOUNT repeated with different values' });
  });
});
