import { createRequire } from 'node:module';
import * as lark from '@larksuiteoapi/node-sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../src/config/env.js';
import { decodeFrame, encodeFrame, type Frame } from '../../src/emulator/ws-frames.js';
import type { CardAction, CardResponse, Envelope } from '../../src/lark/inbound/events.js';
import { createFrameHandler } from '../../src/lark/inbound/ws.js';
import { createLogger } from '../../src/log.js';

const APP = 'cli_a1b2c3d4e5f60718';

describe('the long connection frames', () => {
  // The SDK registers its generated pbbp2 codec in protobufjs's default root when it loads; that codec is what the
  // WSClient uses on the wire, so the emulator's hand-written one must produce and read the same bytes.
  const require = createRequire(import.meta.url);
  const sdkCodec = (): { encode(f: Frame): { finish(): Uint8Array }; decode(b: Uint8Array): Frame } => {
    const pb = require('protobufjs/minimal') as { roots: Record<string, { pbbp2: { Frame: never } }> };
    return pb.roots.default!.pbbp2.Frame;
  };

  it('encodes a data frame byte for byte as the SDK does, and reads the SDK’s ping', () => {
    const frame: Frame = {
      SeqID: 9_007_199_254,
      LogID: 42,
      service: 33554678,
      method: 1,
      headers: [
        { key: 'type', value: 'event' },
        { key: 'message_id', value: 'm-1' },
        { key: 'sum', value: '2' },
        { key: 'seq', value: '1' },
        { key: 'trace_id', value: 't' },
      ],
      payload: new TextEncoder().encode('{"text":"井盖丢失"}'),
      LogIDNew: 't_42',
    };
    const F = sdkCodec();
    expect(Buffer.from(encodeFrame(frame))).toEqual(Buffer.from(F.encode(frame).finish()));
    const decoded = F.decode(encodeFrame(frame));
    expect(new TextDecoder().decode(decoded.payload)).toBe('{"text":"井盖丢失"}');
    const ping = F.encode({
      SeqID: 0,
      LogID: 0,
      service: 33554678,
      method: 0,
      headers: [{ key: 'type', value: 'ping' }],
    }).finish();
    expect(decodeFrame(ping)).toMatchObject({
      method: 0,
      service: 33554678,
      headers: [{ key: 'type', value: 'ping' }],
    });
    expect(() => decodeFrame(Uint8Array.from([0x08]))).toThrow();
  });
});

describe('what a long-connection message becomes', () => {
  const setup = (fail = false) => {
    const accepted: Envelope[] = [];
    const clicks: CardAction[] = [];
    const handle = createFrameHandler({
      appId: APP,
      log: createLogger('silent'),
      eventTypes: ['im.message.receive_v1', 'card.action.trigger'],
      acceptEvent: async (env) => {
        if (fail) throw new Error('database away');
        accepted.push(env);
      },
      handleCardAction: async (a): Promise<CardResponse> => {
        clicks.push(a);
        return { toast: { type: 'success', content: '已报到', i18n: { zh_cn: '已报到', en_us: 'Arrived' } } };
      },
    });
    return { handle, accepted, clicks };
  };
  const header = (type: string, id: string) => ({
    event_id: id,
    event_type: type,
    create_time: '1795430000000',
    token: 'verification-token',
    app_id: APP,
    tenant_key: 'tk',
  });

  it('keeps the card’s update token (the SDK’s own dispatcher would overwrite it with the header token)', async () => {
    const { handle, clicks } = setup();
    const answer = await handle({
      schema: '2.0',
      header: header('card.action.trigger', 'e2'),
      event: {
        operator: { open_id: 'ou_cg_1' },
        token: 'c-update-token',
        action: { value: { action: 'arrive', whistle: 'w1' }, tag: 'button' },
        context: { open_message_id: 'om_2', open_chat_id: 'oc_2' },
      },
    });
    expect(answer).toMatchObject({ toast: { type: 'success' } });
    expect(clicks[0]).toMatchObject({ operatorId: 'ou_cg_1', messageId: 'om_2', updateToken: 'c-update-token' });
  });

  it('takes a card frame in the older callback shape as the same click', async () => {
    const { handle, clicks } = setup();
    await handle({
      open_id: 'ou_cg_1',
      open_message_id: 'om_3',
      open_chat_id: 'oc_3',
      token: 'c-2',
      action: { value: { action: 'done', whistle: 'w1' }, tag: 'button' },
    });
    expect(clicks[0]).toMatchObject({ operatorId: 'ou_cg_1', messageId: 'om_3', value: { action: 'done' } });
  });

  it('stores events, refuses another app’s, and fails (so Lark redelivers) when the event cannot be stored', async () => {
    const ok = setup();
    const event = { sender: { sender_id: { open_id: 'ou_1' } }, message: { message_id: 'om_1' } };
    await ok.handle({ schema: '2.0', header: header('im.message.receive_v1', 'e1'), event });
    await ok.handle({ schema: '2.0', header: { ...header('im.message.receive_v1', 'e3'), app_id: 'cli_0' }, event });
    await ok.handle({ schema: '2.0', header: header('contact.user.created_v3', 'e4'), event: {} });
    expect(ok.accepted.map((e) => e.header.event_id)).toEqual(['e1']);
    expect(ok.accepted[0]!.event).toEqual(event);
    const bad = setup(true);
    await expect(bad.handle({ schema: '2.0', header: header('im.message.receive_v1', 'e5'), event })).rejects.toThrow();
  });
});

describe('LARK_APP_ID', () => {
  /** Whether the SDK's WSClient.start() accepts the id: it logs `invalid appId` and never connects otherwise. */
  const sdkAccepts = async (appId: string) => {
    const errors: string[] = [];
    const quiet = () => {};
    const client = new lark.WSClient({
      appId,
      appSecret: 's',
      domain: 'http://127.0.0.1:9',
      autoReconnect: false,
      // No network in a unit test: the endpoint request fails at once.
      httpInstance: { request: async () => Promise.reject(new Error('offline')) } as never,
      logger: {
        error: (...m: unknown[]) => {
          errors.push(m.join(' '));
        },
        warn: quiet,
        info: quiet,
        debug: quiet,
        trace: quiet,
      },
    });
    await client.start({ eventDispatcher: new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error }) });
    client.close({ force: true });
    return !errors.some((e) => e.includes('invalid appId'));
  };
  const envAccepts = (appId: string) =>
    envSchema.safeParse({ LARK_APP_ID: appId, LARK_APP_SECRET: 's', LARK_VERIFICATION_TOKEN: 't' }).success;

  it('accepts exactly the app ids the SDK’s long connection accepts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.stringMatching(/^cli_[0-9a-fA-F]{16}$/),
          fc.stringMatching(/^cli_[0-9a-zA-Z_]{12,20}$/),
          fc.stringMatching(/^[a-z]{3}_[0-9a-f]{15,17}$/),
          fc.string({ minLength: 1 }),
        ),
        async (id) => {
          expect(envAccepts(id)).toBe(await sdkAccepts(id));
        },
      ),
      { numRuns: 60 },
    );
    expect(envAccepts(APP)).toBe(true);
  });
});
