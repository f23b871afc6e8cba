/**
 * `.env` and `env_file` parsing, the way Compose reads them: `KEY=value` (or `KEY: value`), optional `export `,
 * `#` comments (inline ones need a space before them), single quotes literal, double quotes with escapes,
 * quoted values spanning lines, and `${VAR}` interpolation in unquoted and double-quoted values.
 */
import { interpolate, VariableLookup } from './interpolate';

export interface DotEnvResult {
  /** `null`: the key is named without `=` (Compose takes the value from its own environment). */
  values: Record<string, string | null>;
  /** 1-based line where each key is (last) defined. */
  lines: Record<string, number>;
  issues: Array<{ line: number; message: string; severity: 'error' | 'warning' }>;
}

const KEY = /^(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*(?:([=:])[ \t]*)?/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', $: '$$', "'": "'", '`': '`' };

/** Offset of the quote closing a value that opens at `start`, or -1. */
function closingQuote(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') {
      i++;
    } else if (text[i] === quote) {
      return i;
    }
  }
  return -1;
}

/** Backslash escapes of a double-quoted value; `\$` becomes `$$` so interpolation leaves a literal `$`. */
function unescapeDouble(raw: string): string {
  return raw.replace(/\\(.)/gs, (whole, c: string) => ESCAPES[c] ?? whole);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/** Parses a .env text. `lookup` resolves variables the file does not define itself (never the process env unless given). */
export function parseDotEnv(input: string, lookup: VariableLookup = () => undefined): DotEnvResult {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const result: DotEnvResult = { values: {}, lines: {}, issues: [] };
  const own: VariableLookup = (name) => {
    const v = Object.prototype.hasOwnProperty.call(result.values, name) ? result.values[name] : undefined;
    return typeof v === 'string' ? v : lookup(name);
  };
  const expand = (raw: string, line: number): string => {
    const r = interpolate(raw, own);
    for (const e of r.errors) result.issues.push({ line, message: e, severity: 'error' });
    return r.value;
  };

  let pos = 0;
  while (pos < text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const lineNo = lineAt(text, pos);
    const lineText = text.slice(pos, eol);
    const trimmed = lineText.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      pos = eol + 1;
      continue;
    }
    const lead = lineText.length - lineText.trimStart().length;
    const m = KEY.exec(lineText.slice(lead));
    if (!m) {
      result.issues.push({ line: lineNo, message: `Cannot read "${trimmed.slice(0, 40)}": expected KEY=value.`, severity: 'error' });
      pos = eol + 1;
      continue;
    }
    const key = m[1];
    result.lines[key] = lineNo;
    const valueStart = pos + lead + m[0].length;
    if (!m[2]) {
      const tail = text.slice(valueStart, eol).trim();
      if (tail === '' || tail.startsWith('#')) {
        result.values[key] = null;
      } else {
        result.issues.push({ line: lineNo, message: `Cannot read "${trimmed.slice(0, 40)}": expected KEY=value.`, severity: 'error' });
      }
      pos = eol + 1;
      continue;
    }
    const quote = text[valueStart];
    if (quote === '"' || quote === "'") {
      const close = closingQuote(text, valueStart, quote);
      if (close < 0) {
        result.issues.push({ line: lineNo, message: `The value of ${key} opens a ${quote === '"' ? 'double' : 'single'} quote that is never closed.`, severity: 'error' });
        pos = eol + 1;
        continue;
      }
      const raw = text.slice(valueStart + 1, close);
      result.values[key] = quote === "'" ? raw : expand(unescapeDouble(raw), lineNo);
      let after = text.indexOf('\n', close);
      if (after < 0) after = text.length;
      const rest = text.slice(close + 1, after).trim();
      if (rest !== '' && !rest.startsWith('#')) {
        result.issues.push({ line: lineAt(text, close), message: `Unexpected text after the closing quote of ${key}: "${rest.slice(0, 40)}".`, severity: 'warning' });
      }
      pos = after + 1;
      continue;
    }
    let raw = text.slice(valueStart, eol);
    const comment = /(^|[ \t])#/.exec(raw);
    if (comment) raw = raw.slice(0, comment.index);
    result.values[key] = expand(raw.trim(), lineNo);
    pos = eol + 1;
  }
  return result;
}
