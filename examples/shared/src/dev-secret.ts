import { randomBytes } from 'node:crypto';
import { curlLine } from '@coursesync/client';
import { signBody } from '@coursesync/core';
import { biology101 } from '@coursesync/core/fixtures';

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
 * The text printed when the server generated its secret: the secret, and a signed `curl` line (the client's
 * `curlLine`, copy-paste safe in a POSIX shell) that syncs the guide's Biology 101 course on `webhookUrl`.
 *
 * @example
 * ```ts
 * process.stderr.write(developmentSecretBanner(secret, `${url}/spark/webhook/course`))
 * ```
 */
export function developmentSecretBanner(secret: string, webhookUrl: string): string {
  const body = JSON.stringify(biology101);
  return [
    '',
    'SPARK_WEBHOOK_SECRET is not set, so this development server generated one for this run:',
    '',
    `  SPARK_WEBHOOK_SECRET=${secret}`,
    '',
    "Sync the guide's Biology 101 course with this signed request:",
    '',
    `  ${curlLine({ url: webhookUrl, body, signature: signBody(body, secret) })}`,
    '',
    'Set SPARK_WEBHOOK_SECRET to keep a secret across restarts; with NODE_ENV=production it is required.',
    '',
    '',
  ].join('\n');
}
