import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encryptForBot } from '../../src/emulator/wire.js';
import { decryptLarkBody, isValidLarkSignature } from '../../src/lark/inbound/wire.js';

describe('Lark wire format', () => {
  it("decrypts Lark's documented test vector", () => {
    expect(decryptLarkBody('P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=', 'test key')).toBe('hello world');
  });

  it('round-trips what the emulator encrypts', () => {
    expect(decryptLarkBody(encryptForBot('{"a":"吹哨"}', 'k1'), 'k1')).toBe('{"a":"吹哨"}');
    // The wrong key never yields the body. Usually the padding check throws; with a random IV about 1 in 256
    // garbage blocks still ends in valid padding, so "throws" alone would be a flaky assertion.
    const withWrongKey = () => {
      try {
        return decryptLarkBody(encryptForBot('{"a":1}', 'k1'), 'other');
      } catch {
        return 'refused';
      }
    };
    for (let i = 0; i < 50; i++) expect(withWrongKey()).not.toBe('{"a":1}');
  });

  it('checks the signature over the raw bytes', () => {
    const raw = Buffer.from('{"encrypt":"abc"}');
    const signature = createHash('sha256').update('1700000000nonce-1key').update(raw).digest('hex');
    expect(isValidLarkSignature(raw, { timestamp: '1700000000', nonce: 'nonce-1', signature }, 'key')).toBe(true);
    expect(
      isValidLarkSignature(
        Buffer.from('{"encrypt": "abc"}'),
        { timestamp: '1700000000', nonce: 'nonce-1', signature },
        'key',
      ),
    ).toBe(false);
    expect(isValidLarkSignature(raw, { timestamp: '1700000000', nonce: 'nonce-1' }, 'key')).toBe(false);
  });

  it('compares a signature only when the header is exactly 64 hex characters', () => {
    const raw = Buffer.from('{"encrypt":"abc"}');
    const signature = createHash('sha256').update('1700000000nonce-1key').update(raw).digest('hex');
    const check = (sig: string) =>
      isValidLarkSignature(raw, { timestamp: '1700000000', nonce: 'nonce-1', signature: sig }, 'key');
    expect(check(signature)).toBe(true);
    expect(check(signature.toUpperCase())).toBe(true);
    // Node's hex decoder stops at the first non-hex character; these must not pass as the valid signature.
    expect(check(`${signature}zz`)).toBe(false);
    expect(check(`${signature}0`)).toBe(false);
    expect(check(`${signature} `)).toBe(false);
  });
});
