import { randomBytes } from 'node:crypto';
import { signBody } from '@coursesync/core';

/**
 * A random development secret (48 hex digits), for a server started without `SPARK_WEBHOOK_SECRET`.
 *
 * @example
 * ```ts
 * const secrets = config.secrets.length > 0 ? config.secrets : [generateDevelopmentSecret()]
 * ```
 */
export function generateDevelopmentSecret(): string {
  return randomBytes(24).toString('hex');
}

/**
 * Quotes `text` as one word for a POSIX shell: single quotes, each `'` written as `'\''`.
 *
 * @example
 * ```ts
 * shellQuote("it's") // 'it'\''s'
 * ```
 */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * A one-line `curl` command that POSTs `body` to `url`, signed with `secret`, runnable as pasted in a POSIX
 * shell. `--data-binary` sends the bytes unchanged, so the signature still matches them.
 *
 * @example
 * ```ts
 * signedCurlCommand('http://127.0.0.1:3000/spark/webhook/course', JSON.stringify(course), secret)
 * ```
 */
export function signedCurlCommand(url: string, body: string, secret: string): string {
  return [
    'curl -sS -X POST',
    shellQuote(url),
    '-H',
    shellQuote('content-type: application/json'),
    '-H',
    shellQuote(`x-spark-signature: ${signBody(body, secret)}`),
    '--data-binary',
    shellQuote(body),
  ].join(' ');
}

/**
 * The text printed when the server generated its secret: the secret, and a signed `curl` line that syncs the
 * guide's Biology 101 course on `webhookUrl`.
 *
 * @example
 * ```ts
 * process.stderr.write(await developmentSecretBanner(secret, `${url}/spark/webhook/course`))
 * ```
 */
export async function developmentSecretBanner(secret: string, webhookUrl: string): Promise<string> {
  // Loaded only here, on the development path: the testing entry also carries the test suites.
  const { biology101 } = await import('@coursesync/core/testing');
  return [
    '',
    'SPARK_WEBHOOK_SECRET is not set, so this development server generated one for this run:',
    '',
    `  SPARK_WEBHOOK_SECRET=${secret}`,
    '',
    "Sync the guide's Biology 101 course with this signed request:",
    '',
    `  ${signedCurlCommand(webhookUrl, JSON.stringify(biology101), secret)}`,
    '',
    'Set SPARK_WEBHOOK_SECRET to keep a secret across restarts; with NODE_ENV=production it is required.',
    '',
    '',
  ].join('\n');
}
