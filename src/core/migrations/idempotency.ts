/**
 * Idempotency review of migration files: statements that fail (or duplicate objects) when a
 * migration runs a second time, e.g. after a partial failure or a restored database.
 * SQL files: see idempotencySql.ts. Alembic revisions (.py): see idempotencyAlembic.ts.
 */
import type { IdempotencyFinding } from '../../shared/migrations';
import type { IdempotencyLinter } from './adapter';
import { lintAlembicUpgrade } from './idempotencyAlembic';
import { lintSqlText, positionFinder } from './idempotencySql';

export const lintMigration: IdempotencyLinter = (file, text) => {
  const raw = /\.py$/i.test(file) ? lintAlembicUpgrade(text) : lintSqlText(text);
  const at = positionFinder(text);
  return raw
    .sort((a, b) => a.offset - b.offset)
    .map((f): IdempotencyFinding => ({ file, ...at(f.offset), rule: f.rule, message: f.message }));
};
