/**
 * YAML loading that never throws: the plain value of a compose file, its syntax problems with line numbers,
 * and a way back from a value's path (["services", "db", "ports", 0]) to where it is written.
 */
import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, Pair, parseDocument } from 'yaml';
import type { ComposeIssue } from './model';

export type YamlPath = ReadonlyArray<string | number>;

export interface Position {
  line: number;
  column: number;
}

export interface LoadedYaml {
  /** The document as plain data (`undefined` for an empty file); parts that could not be converted are left out. */
  value: unknown;
  issues: ComposeIssue[];
  /** Where the value at `path` is written; falls back to the closest enclosing node, then line 1. */
  positionOf(path: YamlPath): Position;
}

const TO_JS = { maxAliasCount: 1000 };

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (key.value === '<<' || typeof key.value === 'symbol');
}

function resolve(node: unknown, doc: Document): unknown {
  for (let i = 0; i < 20 && isAlias(node); i++) node = node.resolve(doc);
  return node;
}

/** The pair for `key` in a map node, also looking through `<<` merge keys. */
function findPair(map: unknown, key: string, doc: Document, depth = 0): Pair | undefined {
  map = resolve(map, doc);
  if (!isMap(map) || depth > 10) return undefined;
  const direct = map.items.find((p) => !isMergeKey(p.key) && isScalar(p.key) && String(p.key.value) === key);
  if (direct) return direct;
  for (const p of map.items) {
    if (!isMergeKey(p.key)) continue;
    const sources = resolve(p.value, doc);
    for (const source of isSeq(sources) ? sources.items : [sources]) {
      const found = findPair(source, key, doc, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** Converts what can be converted when the whole document cannot (e.g. an unresolved alias in one service). */
function salvage(node: unknown, doc: Document, depth: number, onError: (n: unknown, e: unknown) => void): unknown {
  try {
    return (node as Node).toJS(doc, TO_JS);
  } catch (e) {
    if (depth > 0 && isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const p of node.items) {
        if (isScalar(p.key) && !isMergeKey(p.key)) out[String(p.key.value)] = salvage(p.value, doc, depth - 1, onError);
        else if (isMergeKey(p.key)) onError(p.value, e);
      }
      return out;
    }
    onError(node, e);
    return undefined;
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function loadYaml(text: string, file: string): LoadedYaml {
  const lineCounter = new LineCounter();
  const issues: ComposeIssue[] = [];
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    issues.push({ file, line: 1, message: `Cannot parse the file as YAML: ${message(e)}`, severity: 'error' });
    return { value: undefined, issues, positionOf: () => ({ line: 1, column: 1 }) };
  }
  for (const err of doc.errors) {
    issues.push({ file, ...at(err.pos[0]), message: `YAML syntax error: ${err.message}`, severity: 'error' });
  }
  for (const w of doc.warnings) {
    issues.push({ file, ...at(w.pos[0]), message: `YAML warning: ${w.message}`, severity: 'warning' });
  }
  const positionOfNode = (node: unknown): Position | undefined => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? at(range[0]) : undefined;
  };
  const value =
    doc.contents === null
      ? undefined
      : salvage(doc.contents, doc, 3, (node, e) => {
          const pos = positionOfNode(node) ?? { line: 1, column: 1 };
          const what = isAlias(node) ? `the alias *${node.source}` : 'this YAML';
          issues.push({ file, ...pos, message: `Cannot resolve ${what}: ${message(e)}`, severity: 'error' });
        });

  const positionOf = (path: YamlPath): Position => {
    let node: unknown = doc.contents;
    let best = positionOfNode(node) ?? { line: 1, column: 1 };
    for (const segment of path) {
      node = resolve(node, doc);
      if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        if (!node) break;
        best = positionOfNode(node) ?? best;
      } else {
        const pair = findPair(node, String(segment), doc);
        if (!pair) break;
        best = positionOfNode(pair.key) ?? best;
        node = pair.value;
      }
    }
    return best;
  };
  return { value, issues, positionOf };
}
