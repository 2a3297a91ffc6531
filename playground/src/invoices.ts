// Invoices in Postgres: listing, marking paid, finding overdue ones for reminders.
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

export interface Invoice {
  id: string;
  customerId: string;
  amountCents: number;
  dueDate: Date;
  paidAt: Date | null;
}

export async function listInvoices(customerId: string): Promise<Invoice[]> {
  // TODO: paginate; large customers have thousands of invoices
  const result = await pool.query('SELECT * FROM invoices WHERE customer_id = $1 ORDER BY due_date', [customerId]);
  return result.rows;
}

export async function markPaid(id: string): Promise<void> {
  await pool.query('UPDATE invoices SET paid_at = now() WHERE id = $1', [id]);
}

export async function overdue(days: number): Promise<Invoice[]> {
  // FIXME: time zones — due_date is stored without one
  const result = await pool.query(
    "SELECT * FROM invoices WHERE paid_at IS NULL AND due_date < now() - ($1 || ' days')::interval",
    [days],
  );
  return result.rows;
}
