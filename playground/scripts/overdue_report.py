"""Prints customers with invoices overdue by more than 30 days, largest debt first."""
import os

import psycopg


def overdue_customers(conn, days):
    rows = conn.execute(
        "SELECT customer_id, sum(amount_cents) FROM invoices "
        "WHERE paid_at IS NULL AND due_date < now() - make_interval(days => %s) "
        "GROUP BY customer_id ORDER BY 2 DESC",
        (days,),
    ).fetchall()
    return [(customer, cents / 100) for customer, cents in rows if cents != None]


if __name__ == "__main__":
    with psycopg.connect(os.environ.get("DATABASE_URL", "postgresql://localhost/invoices")) as conn:
        for customer, amount in overdue_customers(conn, 30):
            print(f"{customer}\t{amount:.2f}")
