import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { callbackDelay, callbackJobOpts, DEFAULT_CALLBACK_BACKOFF, signature } from '../../src/callbacks/worker.js';
import { loadEnv } from '../../src/config/env.js';
import { maskName, maskPhone } from '../../src/http/feedback-api.js';

describe('residents are masked', () => {
  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('861****5678');
    expect(maskPhone('6512345')).toBe('*****45');
  });
  it('keeps the family name only', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('王')).toBe('*');
  });
});

describe('status callbacks', () => {
  it('retry for at least 24 hours with a capped exponential backoff', () => {
    const opts = callbackJobOpts(DEFAULT_CALLBACK_BACKOFF);
    let total = 0;
    for (let i = 1; i < opts.attempts; i++) total += callbackDelay(DEFAULT_CALLBACK_BACKOFF, i);
    expect(total).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(callbackDelay(DEFAULT_CALLBACK_BACKOFF, 1)).toBe(10_000);
    expect(callbackDelay(DEFAULT_CALLBACK_BACKOFF, 2)).toBe(20_000);
    expect(callbackDelay(DEFAULT_CALLBACK_BACKOFF, 50)).toBe(30 * 60_000);
  });
  it('sign the raw body with HMAC-SHA256', () => {
    const body = '{"event_id":"e1"}';
    expect(signature('k', body)).toBe(`sha256=${createHmac('sha256', 'k').update(body).digest('hex')}`);
  });
  it('read CALLBACK_SECRET from the environment', () => {
    expect(loadEnv({ CALLBACK_SECRET: 's3cret' }).CALLBACK_SECRET).toBe('s3cret');
    expect(loadEnv({ CALLBACK_SECRET: '' }).CALLBACK_SECRET).toBeUndefined();
  });
});
