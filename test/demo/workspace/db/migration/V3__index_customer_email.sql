-- Not applied yet. Works once, fails when run a second time (no IF NOT EXISTS).
CREATE INDEX customers_email_idx ON customers (email);
