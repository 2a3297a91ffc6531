// Settings from the environment, with defaults for local development.

export const config = {
  port: Number(process.env.PORT ?? 3000),
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://localhost:5432/invoices',
  reminderDays: Number(process.env.REMINDER_DAYS ?? 14),
};

// A deliberate type error for "Fix with GPT": a number is assigned a string.
export const reminderHour: number = process.env.REMINDER_HOUR ?? '9';
