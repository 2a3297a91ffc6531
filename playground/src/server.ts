// The HTTP API: invoices per customer, and marking an invoice paid.
import express from 'express';
import { config } from './config';
import { listInvoices, markPaid } from './invoices';

const app = express();

app.get('/api/customers/:id/invoices', async (req, res) => {
  res.json(await listInvoices(req.params.id));
});

app.post('/api/invoices/:id/paid', async (req, res) => {
  await markPaid(req.params.id);
  res.status(204).end();
});

app.listen(config.port, () => console.log(`listening on ${config.port}`));
