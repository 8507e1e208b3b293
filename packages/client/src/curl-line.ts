import { SIGNATURE_HEADER } from '@coursesync/core';

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * Removes the whitespace between JSON tokens and nothing else: strings, numbers and key order stay
 * byte for byte (no `JSON.parse` + `JSON.stringify`, which would round big integers and re-escape
 * strings). `text` must be valid JSON. The result is one line, since JSON strings cannot hold a raw
 * line break.
 *
 * @example
 * ```ts
 * compactJson('{\n  "a": [1, 2.50]\n}') // '{"a":[1,2.50]}'
 * ```
 */
export function compactJson(text: string): string {
  const parts: string[] = [];
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (WHITESPACE.has(char)) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.join('');
}

/**
 * Quotes `value` as one POSIX shell word: single quotes, inside which only `'` itself needs care.
 *
 * @example
 * ```ts
 * shellQuote("it's") // 'it'\''s'
 * ```
 */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * A one-line curl command for a POSIX shell that POSTs `body` exactly, with its signature.
 * `--data-binary` because `-d` would drop line breaks from a body read from a file.
 *
 * @example
 * ```ts
 * const body = compactJson(fileText)
 * console.log(curlLine({ url, body, signature: signBody(body, secret) }))
 * ```
 */
export function curlLine(request: { readonly url: string; readonly body: string; readonly signature: string }): string {
  return [
    // -sS: no progress meter when the output is piped, but errors still show.
    'curl -sS -X POST',
    shellQuote(request.url),
    '-H',
    shellQuote('Content-Type: application/json'),
    '-H',
    shellQuote(`${headerName(SIGNATURE_HEADER)}: ${request.signature}`),
    '--data-binary',
    shellQuote(request.body),
  ].join(' ');
}

// 'x-spark-signature' -> 'X-Spark-Signature', the guide's spelling.
function headerName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
}
