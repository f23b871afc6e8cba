/**
 * Removes secrets from text before it reaches a log or an error message.
 */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/?#\s]+)(@)/gi;
const KEY_VALUE = /\b([A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN)[A-Z0-9_]*)=("[^"]*"|'[^']*'|\S+)/gi;

export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text.replace(URL_PASSWORD, '$1***$3').replace(KEY_VALUE, '$1=***');
  for (const secret of secrets) {
    if (secret && secret.length >= 3) {
      out = out.split(secret).join('***');
    }
  }
  return out;
}
