-- The demo db's migration history: V1 and V2 of db/migration applied by "Flyway" (its own DDL and
-- CRC32 checksums), V3 still pending. Run once by the entrypoint when the db container initialises.
CREATE TABLE "public"."flyway_schema_history" (
  "installed_rank" INT NOT NULL,
  "version" VARCHAR(50),
  "description" VARCHAR(200) NOT NULL,
  "type" VARCHAR(20) NOT NULL,
  "script" VARCHAR(1000) NOT NULL,
  "checksum" INT,
  "installed_by" VARCHAR(100) NOT NULL,
  "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
  "execution_time" INT NOT NULL,
  "success" BOOLEAN NOT NULL
);
ALTER TABLE "public"."flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank");
CREATE INDEX "flyway_schema_history_s_idx" ON "public"."flyway_schema_history" ("success");

CREATE TABLE customers (
  id bigserial PRIMARY KEY,
  name text NOT NULL
);
ALTER TABLE customers ADD COLUMN IF NOT EXISTS email text;

INSERT INTO "public"."flyway_schema_history" VALUES
  (1, '1', 'create customers', 'SQL', 'V1__create_customers.sql', -1888314457, 'app', now() - interval '2 days', 12, true),
  (2, '2', 'add customer email', 'SQL', 'V2__add_customer_email.sql', 96424889, 'app', now() - interval '1 day', 4, true);
