import { isUtf8 } from 'node:buffer';

/**
 * Bytes that are not UTF-8 are refused, never decoded into U+FFFD and stored: a request body, a
 * CSV file.
 */

/** The offset of the first byte that is not part of well-formed UTF-8, or -1 when all are. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  let i = 0;
  while (i < bytes.length) {
    const first = bytes[i];
    let length: number;
    let min: number;
    if (first < 0x80) length = 1;
    else if (first >= 0xc2 && first <= 0xdf) length = 2;
    else if (first >= 0xe0 && first <= 0xef) length = 3;
    else if (first >= 0xf0 && first <= 0xf4) length = 4;
    else return i;
    if (length === 1) {
      i += 1;
      continue;
    }
    if (i + length > bytes.length) return i;
    let code = first & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if ((next & 0xc0) !== 0x80) return i;
      code = (code << 6) | (next & 0x3f);
    }
    min = length === 2 ? 0x80 : length === 3 ? 0x800 : 0x10000;
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += length;
  }
  return -1;
}

/** An HTTP 400 for a body that is not UTF-8 (body-parser keeps `status` and `type`). */
export class InvalidUtf8Error extends Error {
  readonly status = 400;
  readonly type = 'encoding.invalid';
  constructor(what: string, offset: number) {
    super(`${what} is not valid UTF-8 (the byte at offset ${offset} is not part of a UTF-8 character)`);
  }
}

/** express.json's `verify`: a JSON body declared (or defaulted to) UTF-8 must be UTF-8. */
export function refuseInvalidUtf8Body(_req: unknown, _res: unknown, body: Buffer, encoding: string | null | undefined): void {
  if (encoding && !/^utf-?8$/i.test(encoding)) return;
  const offset = invalidUtf8Offset(body);
  if (offset >= 0) throw new InvalidUtf8Error('The request body', offset);
}
