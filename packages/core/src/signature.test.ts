import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isCourseSyncError } from './errors';
import { normalizeSecrets, secretKeys, signBody, verifySignature, verifyWithSecrets } from './signature';

const SECRET = 'spark-shared-secret';
// What PHP's json_encode + hash_hmac sends: its own spacing and key order, escaped slashes, non-ASCII text.
const RAW_BODY = '{ "spark_course_id" : "course_bio101",\n\t"spark_org_id":24, "course_title":"Biologie \u00e9l\u00e9mentaire \\/ 101" }';
const SIGNATURE = createHmac('sha256', SECRET).update(RAW_BODY, 'utf8').digest('hex');

const thrownBy = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('signBody', () => {
  it('is the lower-case hex HMAC-SHA256 of the UTF-8 bytes, for a string or the same bytes', () => {
    expect(signBody(RAW_BODY, SECRET)).toBe(SIGNATURE);
    expect(signBody(new TextEncoder().encode(RAW_BODY), SECRET)).toBe(SIGNATURE);
    expect(SIGNATURE).toMatch(/^[0-9a-f]{64}$/);
  });

  it('signs with the UTF-8 bytes of a non-ASCII secret', () => {
    const secret = 'cl\u00e9-secr\u00e8te';
    expect(signBody('{}', secret)).toBe(createHmac('sha256', Buffer.from(secret, 'utf8')).update('{}').digest('hex'));
  });
});

describe('verifySignature', () => {
  it('signature-over-raw-bytes: the exact bytes sent verify, odd whitespace and key order included', () => {
    expect(verifySignature(RAW_BODY, SIGNATURE, SECRET)).toBe(true);
    expect(verifySignature(Buffer.from(RAW_BODY, 'utf8'), SIGNATURE, SECRET)).toBe(true);
  });

  it('signature-over-raw-bytes: re-serialised JSON of the same object does not verify', () => {
    const reserialised = JSON.stringify(JSON.parse(RAW_BODY));
    expect(JSON.parse(reserialised)).toEqual(JSON.parse(RAW_BODY));
    expect(verifySignature(reserialised, SIGNATURE, SECRET)).toBe(false);
  });

  it('upper-case-hex-signature: accepts upper-case hex and a sha256= prefix', () => {
    expect(verifySignature(RAW_BODY, SIGNATURE.toUpperCase(), SECRET)).toBe(true);
    expect(verifySignature(RAW_BODY, `sha256=${SIGNATURE}`, SECRET)).toBe(true);
    expect(verifySignature(RAW_BODY, [SIGNATURE], SECRET)).toBe(true);
  });

  it('malformed-signature-accepted: anything but 64 hex digits is invalid', () => {
    const malformed = [
      SIGNATURE.slice(0, 63),
      `${SIGNATURE}0`,
      `${SIGNATURE.slice(0, 63)}g`,
      `${SIGNATURE.slice(0, 63)} `,
      ` ${SIGNATURE}`,
      `SHA256=${SIGNATURE}`,
      `sha1=${SIGNATURE}`,
      '',
      [],
      [SIGNATURE, SIGNATURE],
      undefined,
    ];
    for (const signature of malformed) expect(verifySignature(RAW_BODY, signature, SECRET), String(signature)).toBe(false);
  });

  it('wide-character-digit-accepted: a character whose low byte is a hex digit is not one', () => {
    // U+0130 and U+0661 end in 0x30 and 0x61 ('0', 'a'): a decoder reading low bytes would take them for digits.
    for (const wide of ['\u0130', '\u0661', '\uff10']) {
      const index = SIGNATURE.search(/[0a]/);
      const forged = SIGNATURE.slice(0, index) + wide + SIGNATURE.slice(index + 1);
      expect(verifySignature(RAW_BODY, forged, SECRET), wide).toBe(false);
      expect(verifySignature(RAW_BODY, `sha256=${forged}`, SECRET), wide).toBe(false);
    }
  });

  it('malformed-signature-accepted: a non-hex character anywhere, in either digit of a byte, is invalid', () => {
    for (let index = 0; index < SIGNATURE.length; index++) {
      for (const bad of ['g', 'G', ':', '/', '@', '`', ' ']) {
        const tampered = SIGNATURE.slice(0, index) + bad + SIGNATURE.slice(index + 1);
        expect(verifySignature(RAW_BODY, tampered, SECRET), `${bad} at ${index}`).toBe(false);
        expect(verifySignature(RAW_BODY, `sha256=${tampered}`, SECRET), `sha256= then ${bad} at ${index}`).toBe(false);
      }
    }
    expect(verifySignature(RAW_BODY, `sha256:${SIGNATURE}`, SECRET)).toBe(false);
    expect(verifySignature(RAW_BODY, `sha256=${SIGNATURE.slice(0, 63)}`, SECRET)).toBe(false);
  });

  it('secret-rotation-lockout: a signature made with the second secret of the list verifies', () => {
    const next = 'next-secret';
    expect(verifySignature(RAW_BODY, signBody(RAW_BODY, next), [SECRET, next])).toBe(true);
    expect(verifySignature(RAW_BODY, SIGNATURE, [next, SECRET])).toBe(true);
    expect(verifySignature(RAW_BODY, signBody(RAW_BODY, 'other'), [SECRET, next])).toBe(false);
  });

  it('tampered-body-accepted: changing any one byte of the body fails', () => {
    const bytes = new TextEncoder().encode(RAW_BODY);
    for (let index = 0; index < bytes.length; index++) {
      const tampered = bytes.slice();
      tampered[index] = (tampered[index] as number) ^ 0x01;
      expect(verifySignature(tampered, SIGNATURE, SECRET), `byte ${index}`).toBe(false);
    }
    expect(verifySignature(bytes, SIGNATURE, SECRET)).toBe(true);
  });

  it('tampered-signature-accepted: changing any one hex digit of the signature fails', () => {
    for (let index = 0; index < SIGNATURE.length; index++) {
      const digit = SIGNATURE[index] === '0' ? '1' : '0';
      const tampered = SIGNATURE.slice(0, index) + digit + SIGNATURE.slice(index + 1);
      expect(verifySignature(RAW_BODY, tampered, SECRET), `digit ${index}`).toBe(false);
    }
  });

  it('parsed-body-verified: a parsed object as body throws RAW_BODY_UNAVAILABLE with the fix', () => {
    const error = thrownBy(() => verifySignature(JSON.parse(RAW_BODY) as string, SIGNATURE, SECRET));
    expect(isCourseSyncError(error) && error.code).toBe('RAW_BODY_UNAVAILABLE');
    expect((error as Error).message).toMatch(/raw request body/i);
    expect(isCourseSyncError(thrownBy(() => signBody({} as string, SECRET)))).toBe(true);
  });

  it('empty-secret-accepts-anything: a missing or empty secret is a configuration error, not a pass', () => {
    const emptyKeySignature = createHmac('sha256', '').update(RAW_BODY).digest('hex');
    for (const secret of ['', [], [''], [SECRET, ''], [SECRET, 42], undefined]) {
      const error = thrownBy(() => verifySignature(RAW_BODY, emptyKeySignature, secret as string));
      expect(isCourseSyncError(error) && error.code, JSON.stringify(secret)).toBe('CONFIGURATION_ERROR');
    }
    expect(isCourseSyncError(thrownBy(() => signBody(RAW_BODY, '')))).toBe(true);
  });
});

describe('secretKeys', () => {
  it('secret-encoded-differently: keys made once verify exactly what the secret strings verify', () => {
    const secrets = ['cl\u00e9-secr\u00e8te', SECRET];
    const keys = secretKeys(secrets);
    for (const secret of [...secrets, 'other']) {
      const signature = signBody(RAW_BODY, secret);
      expect(verifyWithSecrets(RAW_BODY, signature, keys), secret).toBe(verifyWithSecrets(RAW_BODY, signature, secrets));
    }
    expect(verifyWithSecrets(RAW_BODY, signBody(RAW_BODY, secrets[0] as string), keys)).toBe(true);
    expect(verifyWithSecrets(RAW_BODY, signBody(RAW_BODY, 'other'), keys)).toBe(false);
  });
});

describe('normalizeSecrets', () => {
  it('takes one secret or a list, and refuses an empty one', () => {
    expect(normalizeSecrets('a')).toEqual(['a']);
    expect(normalizeSecrets(['a', 'b'])).toEqual(['a', 'b']);
    expect(() => normalizeSecrets(['a', ''])).toThrow(/non-empty/);
    expect(() => normalizeSecrets(null)).toThrow(/SPARK_WEBHOOK_SECRET/);
  });
});
