/**
 * Where a Liquibase changeset starts inside its changelog, so a click opens the file at it.
 * Pure text search (no vscode import): SQL (`--changeset author:id`), XML (`<changeSet id="id"`),
 * YAML (`id: id` under `changeSet:`) and JSON (`"id": "id"`) changelogs.
 */

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The changeset ids a report id may stand for: "changelog::id::author" (the status service's), "id::author", "author:id" or "id". */
function candidates(id: string): string[] {
  const parts = id.split('::');
  if (parts.length >= 3) return [parts[parts.length - 2]];
  if (parts.length === 2) return [parts[0]];
  const colon = id.indexOf(':');
  return colon > 0 ? [id, id.slice(colon + 1)] : [id];
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
