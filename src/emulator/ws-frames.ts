/** The long connection's wire format: the protobuf message `pbbp2.Frame` that the SDK's WSClient encodes and decodes
 * (node-sdk `lib/index.js`, generated from pbbp2.proto). Hand-written so that the emulator speaks the bytes itself
 * rather than borrowing the client's codec: a test that both ends share a codec with could not fail on it.
 *
 *   message Header { required string key = 1; required string value = 2; }
 *   message Frame  { required uint64 SeqID = 1; required uint64 LogID = 2; required int32 service = 3;
 *                    required int32 method = 4; repeated Header headers = 5; optional string payload_encoding = 6;
 *                    optional string payload_type = 7; optional bytes payload = 8; optional string LogIDNew = 9; } */

export const FrameMethod = { control: 0, data: 1 } as const;

export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: { key: string; value: string }[];
  payloadEncoding?: string;
  payloadType?: string;
  payload?: Uint8Array;
  LogIDNew?: string;
}

const VARINT = 0;
const LENGTH_DELIMITED = 2;

class Writer {
  readonly bytes: number[] = [];
  varint(n: number): void {
    // uint64 values here stay below 2^53 (sequence numbers, log ids), so a Number is exact.
    let v = BigInt(n >= 0 ? n : BigInt.asUintN(64, BigInt(n)));
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) b |= 0x80;
      this.bytes.push(b);
    } while (v > 0n);
  }
  tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }
  bytesField(field: number, b: Uint8Array): void {
    this.tag(field, LENGTH_DELIMITED);
    this.varint(b.length);
    for (const x of b) this.bytes.push(x);
  }
  stringField(field: number, s: string): void {
    this.bytesField(field, new TextEncoder().encode(s));
  }
}

export function encodeFrame(f: Frame): Uint8Array {
  const w = new Writer();
  // The four required fields are always written, zero or not: the SDK's decoder refuses a frame without them.
  w.tag(1, VARINT);
  w.varint(f.SeqID);
  w.tag(2, VARINT);
  w.varint(f.LogID);
  w.tag(3, VARINT);
  w.varint(f.service);
  w.tag(4, VARINT);
  w.varint(f.method);
  for (const h of f.headers) {
    const hw = new Writer();
    hw.stringField(1, h.key);
    hw.stringField(2, h.value);
    w.bytesField(5, Uint8Array.from(hw.bytes));
  }
  if (f.payloadEncoding !== undefined) w.stringField(6, f.payloadEncoding);
  if (f.payloadType !== undefined) w.stringField(7, f.payloadType);
  if (f.payload !== undefined) w.bytesField(8, f.payload);
  if (f.LogIDNew !== undefined) w.stringField(9, f.LogIDNew);
  return Uint8Array.from(w.bytes);
}

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): number {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const b = this.buf[this.pos++]!;
      v |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
      shift += 7n;
      if (shift > 63n) throw new Error('varint too long');
    }
    // int32 fields encode negatives as 64-bit two's complement.
    return Number(BigInt.asIntN(64, v));
  }
  chunk(): Uint8Array {
    const len = this.varint();
    if (this.pos + len > this.buf.length) throw new Error('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wire: number): void {
    if (wire === VARINT) this.varint();
    else if (wire === LENGTH_DELIMITED) this.chunk();
    else if (wire === 1) this.pos += 8;
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

function decodeHeader(b: Uint8Array): { key: string; value: string } {
  const r = new Reader(b);
  const h = { key: '', value: '' };
  while (!r.done) {
    const t = r.varint();
    if (t >>> 3 === 1 && (t & 7) === LENGTH_DELIMITED) h.key = text(r.chunk());
    else if (t >>> 3 === 2 && (t & 7) === LENGTH_DELIMITED) h.value = text(r.chunk());
    else r.skip(t & 7);
  }
  return h;
}

export function decodeFrame(buf: Uint8Array): Frame {
  const r = new Reader(buf);
  const f: Partial<Frame> & { headers: Frame['headers'] } = { headers: [] };
  while (!r.done) {
    const t = r.varint();
    const field = t >>> 3;
    const wire = t & 7;
    if (wire === VARINT && field >= 1 && field <= 4) {
      const v = r.varint();
      if (field === 1) f.SeqID = v;
      else if (field === 2) f.LogID = v;
      else if (field === 3) f.service = v;
      else f.method = v;
    } else if (wire === LENGTH_DELIMITED && field >= 5 && field <= 9) {
      const c = r.chunk();
      if (field === 5) f.headers.push(decodeHeader(c));
      else if (field === 6) f.payloadEncoding = text(c);
      else if (field === 7) f.payloadType = text(c);
      else if (field === 8) f.payload = Uint8Array.from(c);
      else f.LogIDNew = text(c);
    } else r.skip(wire);
  }
  for (const k of ['SeqID', 'LogID', 'service', 'method'] as const)
    if (f[k] === undefined) throw new Error(`frame without required ${k}`);
  return f as Frame;
}

export function header(f: Frame, key: string): string | undefined {
  return f.headers.find((h) => h.key === key)?.value;
}
