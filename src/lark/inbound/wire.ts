import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

/** Lark's event encryption: AES-256-CBC, key = SHA-256(encrypt key), body = base64(iv ‖ ciphertext). */
export function decryptLarkBody(encrypted: string, encryptKey: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const buf = Buffer.from(encrypted, 'base64');
  if (buf.length < 32 || buf.length % 16 !== 0) throw new Error('encrypted body has an invalid length');
  const decipher = createDecipheriv('aes-256-cbc', key, buf.subarray(0, 16));
  return Buffer.concat([decipher.update(buf.subarray(16)), decipher.final()]).toString('utf8');
}

/** Checks X-Lark-Signature = hex(SHA-256(timestamp + nonce + encryptKey ‖ raw body)), on the raw bytes. */
export function isValidLarkSignature(
  raw: Buffer,
  headers: { timestamp?: string; nonce?: string; signature?: string },
  encryptKey: string,
): boolean {
  const { timestamp, nonce, signature } = headers;
  // Buffer.from(…, 'hex') stops at the first non-hex character: without this check a valid signature with junk
  // after it (or an odd length) would still compare equal.
  if (!timestamp || !nonce || !signature || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const expected = createHash('sha256')
    .update(timestamp + nonce + encryptKey)
    .update(raw)
    .digest();
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
