import express from 'express';

/** The CHECK baseline: Express answering an OSMP-shaped XML body with no work behind it, in a process of its own. */
const app = express();
app.disable('x-powered-by');
app.disable('etag');
app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
app.all('/psp/:psp/:token', (req, res) => {
  const txn = typeof req.query.txn_id === 'string' ? req.query.txn_id.replace(/\D/g, '') : '';
  res
    .type('application/xml')
    .send(
      `<?xml version="1.0" encoding="UTF-8"?>\n<response><osmp_txn_id>${txn}</osmp_txn_id><result>0</result><comment>OK</comment></response>`,
    );
});
app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
