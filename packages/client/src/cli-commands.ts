import { signBody } from '@coursesync/core';
import { compactJson, curlLine } from './curl-line';
import { EXIT_CODES, type ExitCode } from './exit-codes';
import { readPayloadFile } from './payload-file';
import { sendCourseSync } from './send-course-sync';

/** Where the CLI reads its environment and writes its output; `process` fits, and so does a test double. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  /** The fetch `send` uses. Default: the global one. */
  readonly fetch?: typeof globalThis.fetch;
}

/** An expected CLI failure: its message goes to stderr and its code becomes the exit code. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

/** `coursesync sign FILE`: the hex signature of the file's exact bytes. */
export async function signCommand(file: string, io: CliIo): Promise<ExitCode> {
  const { secret, bytes } = await load(file, io);
  io.stdout.write(`${signBody(bytes, secret)}\n`);
  return EXIT_CODES.OK;
}

/**
 * `coursesync curl FILE --url URL`: a one-line curl command. The body is the file with the whitespace
 * between JSON tokens removed (nothing else changes), and the signature covers exactly that text.
 */
export async function curlCommand(file: string, url: string, io: CliIo): Promise<ExitCode> {
  const { secret, text } = await load(file, io);
  const body = compactJson(text);
  io.stdout.write(`${curlLine({ url, body, signature: signBody(body, secret) })}\n`);
  return EXIT_CODES.OK;
}

/** `coursesync send FILE --url URL`: POSTs the file's exact bytes with retries and prints the answer. */
export async function sendCommand(
  file: string,
  options: { readonly url: string; readonly retries: number; readonly timeout: number },
  io: CliIo,
): Promise<ExitCode> {
  const { secret, bytes } = await load(file, io);
  const result = await sendCourseSync({
    url: options.url,
    secret,
    payload: bytes,
    retries: options.retries,
    timeoutMs: options.timeout,
    ...(io.fetch && { fetch: io.fetch }),
    onRetry: ({ attempt, delayMs, error }) => {
      const what = error.status === undefined ? error.code.toLowerCase() : `HTTP ${error.status}`;
      io.stderr.write(`coursesync: attempt ${attempt} got ${what}; retrying in ${delayMs} ms\n`);
    },
  });
  const body = result.ok ? result.body : result.error.body;
  if (body !== undefined) io.stdout.write(`${typeof body === 'string' ? body : JSON.stringify(body)}\n`);
  if (result.ok) {
    io.stderr.write(`coursesync: HTTP ${result.status} after ${result.attempts} attempt(s)\n`);
    return EXIT_CODES.OK;
  }
  io.stderr.write(`coursesync: ${result.error.message}\n`);
  return result.error.status === undefined ? EXIT_CODES.NO_ANSWER : EXIT_CODES.HTTP_ERROR;
}

async function load(file: string, io: CliIo): Promise<{ secret: string; bytes: Uint8Array; text: string }> {
  // During a rotation the variable lists several secrets; the first is the one to sign with.
  const secret = io.env.SPARK_WEBHOOK_SECRET?.split(',')[0]?.trim();
  if (!secret) {
    throw new CliFailure(EXIT_CODES.MISSING_SECRET, 'Set SPARK_WEBHOOK_SECRET to the shared webhook secret; it is unset or empty.');
  }
  const payload = await readPayloadFile(file);
  if (!payload.ok) {
    throw new CliFailure(payload.problem === 'unreadable' ? EXIT_CODES.UNREADABLE_FILE : EXIT_CODES.INVALID_JSON, payload.message);
  }
  return { secret, bytes: payload.bytes, text: payload.text };
}
