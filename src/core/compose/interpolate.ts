/**
 * Compose-style variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?message}`, `${VAR?message}`, `${VAR:+alt}`, `${VAR+alt}` (defaults may nest) and `$$` for a literal `$`.
 * Values come only from the lookup the caller passes: never from this process's environment.
 */

/** A variable's value, or undefined when it is not set. */
export type VariableLookup = (name: string) => string | undefined;

export interface InterpolationResult {
  value: string;
  /** Variables that were used without a value and without a default (Compose warns and uses ""). */
  unset: string[];
  /** Hard errors: malformed `${...}` or a `${VAR:?message}` whose variable is missing. */
  errors: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPERATORS = [':-', ':?', ':+', '-', '?', '+'] as const;

/** Index of the `}` closing a `${` whose body starts at `start`; -1 when unbalanced. */
function closingBrace(s: string, start: number): number {
  let depth = 1;
  for (let i = start; i < s.length; i++) {
    if (s[i] === '$' && s[i + 1] === '$') {
      i++;
    } else if (s[i] === '$' && s[i + 1] === '{') {
      depth++;
      i++;
    } else if (s[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function braced(body: string, lookup: VariableLookup, out: InterpolationResult): string {
  const m = NAME.exec(body);
  if (!m) {
    out.errors.push(`Invalid interpolation "\${${body}}": expected a variable name. Write $$ for a literal $.`);
    return `\${${body}}`;
  }
  const name = m[0];
  const rest = body.slice(name.length);
  const value = lookup(name);
  if (rest === '') {
    if (value === undefined) out.unset.push(name);
    return value ?? '';
  }
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (!op) {
    out.errors.push(`Invalid interpolation "\${${body}}": unexpected "${rest}" after the variable name.`);
    return `\${${body}}`;
  }
  const arg = () => expand(rest.slice(op.length), lookup, out);
  const unsetOrEmpty = value === undefined || value === '';
  switch (op) {
    case ':-':
      return unsetOrEmpty ? arg() : (value as string);
    case '-':
      return value === undefined ? arg() : value;
    case ':+':
      return unsetOrEmpty ? '' : arg();
    case '+':
      return value === undefined ? '' : arg();
    case ':?':
    case '?': {
      const missing = op === ':?' ? unsetOrEmpty : value === undefined;
      if (missing) {
        const message = arg();
        out.errors.push(`Required variable "${name}" is missing a value${message ? `: ${message}` : '.'}`);
        return '';
      }
      return value as string;
    }
  }
}

function expand(input: string, lookup: VariableLookup, out: InterpolationResult): string {
  let result = '';
  let i = 0;
  while (i < input.length) {
    const dollar = input.indexOf('$', i);
    if (dollar < 0) {
      result += input.slice(i);
      break;
    }
    result += input.slice(i, dollar);
    const next = input[dollar + 1];
    if (next === '$') {
      result += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const end = closingBrace(input, dollar + 2);
      if (end < 0) {
        out.errors.push(`Invalid interpolation "${input.slice(dollar)}": missing "}".`);
        result += input.slice(dollar);
        break;
      }
      result += braced(input.slice(dollar + 2, end), lookup, out);
      i = end + 1;
    } else {
      const m = NAME.exec(input.slice(dollar + 1));
      if (m) {
        const value = lookup(m[0]);
        if (value === undefined) out.unset.push(m[0]);
        result += value ?? '';
        i = dollar + 1 + m[0].length;
      } else {
        out.errors.push(`Invalid interpolation "${input.slice(dollar, dollar + 10)}": a lone "$". Write $$ for a literal $.`);
        result += '$';
        i = dollar + 1;
      }
    }
  }
  return result;
}

/** Interpolates one string. Never throws: problems are returned with the best-effort value. */
export function interpolate(input: string, lookup: VariableLookup): InterpolationResult {
  const out: InterpolationResult = { value: '', unset: [], errors: [] };
  out.value = expand(input, lookup, out);
  return out;
}

/** A lookup over variable maps, first map wins; null values count as unset. */
export function lookupIn(...maps: Array<Record<string, string | null | undefined> | undefined>): VariableLookup {
  return (name) => {
    for (const map of maps) {
      const v = map && Object.prototype.hasOwnProperty.call(map, name) ? map[name] : undefined;
      if (typeof v === 'string') return v;
    }
    return undefined;
  };
}
