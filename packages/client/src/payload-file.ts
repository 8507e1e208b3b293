import { readFile } from 'node:fs/promises';

/** A payload file read for the CLI: its exact bytes and their text, known to be UTF-8 JSON. */
export type PayloadFile =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly text: string }
  | { readonly ok: false; readonly problem: 'unreadable' | 'invalid-json'; readonly message: string };

/**
 * Reads `path` and checks that it holds UTF-8 JSON, without changing a byte: what is signed and sent is
 * the file as it is. Never rejects.
 *
 * @example
 * ```ts
 * const file = await readPayloadFile('course.json')
 * if (file.ok) signBody(file.bytes, secret)
 * ```
 */
export async function readPayloadFile(path: string): Promise<PayloadFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    return { ok: false, problem: 'unreadable', message: `Cannot read ${path} (${reason}); check the path and its permissions.` };
  }
  try {
    // fatal: bytes that are not UTF-8 are refused rather than replaced; ignoreBOM keeps a BOM visible to JSON.parse.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    JSON.parse(text);
    return { ok: true, bytes, text };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: 'invalid-json', message: `${path} is not UTF-8 JSON (${reason}); fix the file.` };
  }
}
