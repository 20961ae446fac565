import type { PspCode } from '../domain/psp-codes';

/** How one PSP calls its link, for the OpenAPI document: the adapter enforces it, this only tells the reader. */
export interface PspWire {
  summary: string;
  methods: Array<'get' | 'post'>;
  /** Media types of POST bodies; empty when the PSP never sends one. */
  requestTypes: string[];
  answerTypes: string[];
  commands: string;
  auth: string;
  /** Endpoints the PSP appends to the link (`{link}/api/payments`), each with its own method. */
  endpoints?: Array<{ path: string; method: 'get' | 'post'; command: string }>;
}

const FORM = 'application/x-www-form-urlencoded';
const XML = 'text/xml';
const OSMP: Omit<PspWire, 'summary' | 'auth'> = {
  methods: ['get', 'post'],
  requestTypes: [FORM],
  answerTypes: [XML],
  commands: '`command=check`, `command=pay` (with `txn_date`), `command=getInfo`; parameters by query or form.',
};
const ALLOW_LIST = 'the IP allow-list the park sets (no public ranges: nobody until it does)';

/** Keyed by code; a PSP missing here still appears, described by its README alone. */
export const WIRES: Partial<Record<PspCode, PspWire>> = {
  qiwi_qvp: { ...OSMP, summary: 'QIWI provider protocol (OSMP)', auth: "QIWI's documented source ranges" },
  qiwi_md: { ...OSMP, summary: 'QIWI Moldova: the OSMP protocol, MDL (assumed)', auth: ALLOW_LIST },
  city24: { ...OSMP, summary: 'City24 terminals: the OSMP protocol, UAH (assumed)', auth: ALLOW_LIST },
  mobilnik: {
    summary: "Mobilnik: terminal top-ups (OSMP, KGS, assumed) or the acquiring JWT postback, by the wallet's channel",
    methods: ['get', 'post'],
    requestTypes: [FORM, 'text/plain'],
    answerTypes: [XML, 'text/plain'],
    commands: 'terminal: `command=check|pay|getInfo`; web: a POSTed HS256 JWT (`aud=mobilnik.kg`) is a PAY.',
    auth: `terminal: ${ALLOW_LIST}; web: the JWT signed with the seller secret`,
  },
  uzpaynet: {
    summary: 'UzPaynet provider web service (SOAP 1.1); `GET {link}?wsdl` serves the WSDL',
    methods: ['get', 'post'],
    requestTypes: [XML],
    answerTypes: [XML],
    commands:
      'GetInformation (check), PerformTransaction (pay), CheckTransaction (status), CancelTransaction (cancel, ' +
      'reverses a credit), GetStatement (statement).',
    auth: `username and password in every body, and ${ALLOW_LIST}`,
  },
  elecsnet: {
    summary: 'Elecsnet: signed form POST, signed URL-encoded answers',
    methods: ['post'],
    requestTypes: [FORM],
    answerTypes: ['text/plain'],
    commands: '`type=1` check, `type=2` pay.',
    auth: `MD5withRSA signatures both ways, and ${ALLOW_LIST}`,
  },
  tellcell: {
    summary: 'Telcell terminals: GET, XML answers',
    methods: ['get'],
    requestTypes: [],
    answerTypes: ['application/xml'],
    commands: '`action=check`, `action=payment`, `action=status` (parameter names per wallet).',
    auth: `${ALLOW_LIST}; optionally an HS256 bearer JWT`,
  },
  tbc: {
    summary: 'TBC Pay terminals: GET, XML answers',
    methods: ['get'],
    requestTypes: [],
    answerTypes: ['application/xml'],
    commands: '`command=check`, `command=pay`.',
    auth: `HTTP Basic, and ${ALLOW_LIST}`,
  },
  easypay: {
    summary: 'EasyPay: UA EasySoft-Provider 3.1 XML at the link itself, AM JSON REST under `{link}/api/…`',
    methods: ['post'],
    requestTypes: [XML],
    answerTypes: [XML],
    commands: 'UA: `<Check>`, `<Payment>` (held), `<Confirm>` (credits), `<Cancel>`.',
    auth: `UA: RSA-SHA1 \`Sign\`; AM: HMAC-SHA256 \`Authorization\` with a \`Nonce\`; and ${ALLOW_LIST}`,
    endpoints: [
      { path: '/api/balance-inquiry', method: 'post', command: 'AM check' },
      { path: '/api/payments', method: 'post', command: 'AM pay' },
      { path: '/api/ping', method: 'get', command: 'AM ping (no HMAC)' },
    ],
  },
  paystack: {
    summary: 'Paystack webhook',
    methods: ['post'],
    requestTypes: ['application/json'],
    answerTypes: ['application/json'],
    commands: '`charge.success` is a PAY, credited after the verify API confirms it; other events are acknowledged.',
    auth: "HMAC-SHA512 `x-paystack-signature` over the raw body, and Paystack's published addresses",
  },
  idram: {
    summary: 'Idram Merchant Interface: form POSTs to the RESULT_URL, plain-text answers (`OK`)',
    methods: ['post'],
    requestTypes: [FORM],
    answerTypes: ['text/plain'],
    commands: '`EDP_PRECHECK=YES` check, then the confirmation (pay).',
    auth: `MD5 \`EDP_CHECKSUM\` with the secret key (confirmation), and ${ALLOW_LIST}`,
  },
  qiwi: {
    summary: 'QIWI Pull REST API v2 bill notifications',
    methods: ['post'],
    requestTypes: [FORM],
    answerTypes: [XML],
    commands: '`command=bill` with `status=paid` is a PAY keyed by `bill_id`; other statuses are acknowledged.',
    auth: "HTTP Basic or `X-Api-Signature` (HMAC-SHA1), and QIWI's documented source ranges",
  },
};

export const FALLBACK: Omit<PspWire, 'summary'> = {
  methods: ['get', 'post'],
  requestTypes: ['*/*'],
  answerTypes: ['*/*'],
  commands: 'see the README',
  auth: ALLOW_LIST,
};
