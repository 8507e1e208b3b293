import { request } from 'node:http';
import { DEFAULT_WEBHOOK_PATH, SIGNATURE_HEADER } from '@coursesync/core';
import { biology101, buildCoursePayload, signedRequest } from '@coursesync/core/testing';

/** What a sender sees: the status and the parsed JSON body. */
export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Biology 101 resent with a new title and a fourth assignment (issue 4's second delivery). */
export const biology101Revised = buildCoursePayload({
  course_title: 'Biology 101: Cells and Life',
  assignments: [
    ...(biology101.assignments ?? []),
    { spark_assignment_id: 'assign_bio_004', title: 'Genetics Problem Set' },
  ],
});

/**
 * Signs and sends deliveries to one server, remembering every signature header it sent so that a test can
 * look for them in the server's logs.
 */
export class Sender {
  readonly signaturesSent: string[] = [];

  constructor(private readonly url: string) {}

  /** POSTs `payload` signed with `secret`. */
  deliver(payload: object | string, secret: string): Promise<Answer> {
    const { body, headers } = signedRequest(payload, secret);
    return this.post(body, headers);
  }

  /** POSTs `body` with exactly `headers` (say, a missing or forged signature). */
  async post(body: string, headers: Readonly<Record<string, string>>): Promise<Answer> {
    const signature = headers[SIGNATURE_HEADER];
    if (signature !== undefined) this.signaturesSent.push(signature);
    const response = await fetch(`${this.url}${DEFAULT_WEBHOOK_PATH}`, { method: 'POST', body, headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /**
   * Starts a signed delivery with `Expect: 100-continue`: `accepted` resolves once the server has read the
   * request's headers (it answered "100 Continue"), so the request is certainly in flight; `finish()` then
   * sends the body and resolves with the answer.
   */
  startDelivery(payload: object, secret: string): { readonly accepted: Promise<void>; finish(): Promise<Answer> } {
    const { body, headers } = signedRequest(payload, secret);
    this.signaturesSent.push(headers[SIGNATURE_HEADER]);
    const req = request(`${this.url}${DEFAULT_WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), expect: '100-continue' },
    });
    const accepted = new Promise<void>((resolve) => req.once('continue', resolve));
    const answer = new Promise<Answer>((resolve, reject) => {
      req.on('error', reject);
      req.on('response', (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      });
    });
    req.flushHeaders();
    return {
      accepted,
      finish: () => {
        req.end(body);
        return answer;
      },
    };
  }
}
