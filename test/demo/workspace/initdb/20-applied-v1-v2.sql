-- The demo db as Flyway leaves it after applying V1 and V2 of db/migration (checksums: Flyway's CRC32
-- of each file); V3 stays pending. Run once by the entrypoint when the db container initialises.
CREATE TABLE customers (
  id bigserial PRIMARY KEY,
  name text NOT NULL
);
ALTER TABLE customers ADD COLUMN IF NOT EXISTS email text;

INSERT INTO "public"."flyway_schema_history" VALUES
  (1, '1', 'create customers', 'SQL', 'V1__create_customers.sql', -1888314457, 'app', now() - interval '2 days', 12, true),
  (2, '2', 'add customer email', 'SQL', 'V2__add_customer_email.sql', 96424889, 'app', now() - interval '1 day', 4, true);
