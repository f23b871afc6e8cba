/**
 * Where a Liquibase changeset starts inside its changelog, so a click opens the file at it.
 * Pure text search (no vscode import): SQL (`--changeset author:id`), XML (`<changeSet id="id"`),
 * YAML (`id: id` under `changeSet:`) and JSON (`"id": "id"`) changelogs.
 */

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The ids a history row's id may stand for: "id", "author:id" or "id::author" forms. */
function candidates(id: string): string[] {
  const out = [id];
  const colon = id.indexOf(':');
  if (id.includes('::')) out.push(id.slice(0, id.indexOf('::')));
  else if (colon > 0) out.push(id.slice(colon + 1));
  return out;
}

/** 1-based line of the changeset `id` in `text`, or 1 when it is not found. */
export function changesetLine(text: string, id: string): number {
  const lines = text.split(/\r?\n/);
  for (const c of candidates(id)) {
    const e = escape(c);
    const patterns = [
      new RegExp(`^\\s*--\\s*changeset\\s+[^\\s:]+:${e}(\\s|$)`, 'i'),
      new RegExp(`<changeSet\\b[^>]*\\bid\\s*=\\s*["']${e}["']`),
      new RegExp(`^\\s*-?\\s*id\\s*:\\s*["']?${e}["']?\\s*$`),
      new RegExp(`"id"\\s*:\\s*"${e}"`),
    ];
    const index = lines.findIndex((line) => patterns.some((p) => p.test(line)));
    if (index >= 0) return index + 1;
  }
  return 1;
}
