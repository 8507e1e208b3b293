import { describe, expect, it } from 'vitest';
import { backoffDelay, nextDelay, parseRetryAfter } from './backoff';

const bounds = { minDelayMs: 500, maxDelayMs: 3_000 };

describe('backoffDelay', () => {
  it('grows exponentially with full jitter between the floor and the ceiling', () => {
    expect([1, 2, 3].map((retry) => backoffDelay(retry, bounds, () => 0))).toEqual([500, 500, 500]);
    expect([1, 2, 3].map((retry) => backoffDelay(retry, bounds, () => 1))).toEqual([1_000, 2_000, 3_000]);
    expect(backoffDelay(10, bounds, () => 1)).toBe(3_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');

  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('1', now)).toBe(1_000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:29:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable header', () => {
    expect([null, undefined, '', '-1', '1.5', 'soon'].map((value) => parseRetryAfter(value, now))).toEqual(Array(6).fill(undefined));
  });
});

describe('nextDelay', () => {
  it("prefers the server's Retry-After over the backoff, capped at maxDelayMs", () => {
    expect(nextDelay(1, '2', bounds)).toBe(2_000);
    expect(nextDelay(1, '3600', bounds)).toBe(3_000);
    expect(nextDelay(1, null, bounds)).toBeLessThanOrEqual(1_000);
  });
});
