import { stripJpegMetadata, stripPngMetadata } from '../../../client/reporter/flow/metadataStrip';
import zlib from 'node:zlib';

/**
 * The reporter's metadata removal is recorded for the investigator (issue 13 item 11): the strip
 * used where canvas redraw is blocked (Tor Browser) names what it cut out.
 */
const seg = (marker: number, payload: string) => {
  const body = Buffer.from(payload, 'latin1');
  return Buffer.concat([Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body]);
};

function jpegWithMetadata(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, 'JFIF\0\x01\x01\0\0\x01\0\x01\0\0'),
    seg(0xe1, 'Exif\0\0GPS 43.238949 76.889709 Canon EOS serial 0042'),
    seg(0xe1, 'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>author</x:xmpmeta>'),
    seg(0xfe, 'a comment with a name'),
    seg(0xdb, '\0' + 'A'.repeat(64)),
    seg(0xda, '\0\x01\x01\0\x3f\0'),
    Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56]),
    Buffer.from([0xff, 0xd9]),
    Buffer.from('appended motion-photo video', 'latin1'),
  ]);
}

function pngChunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([len, body, crc]);
}

describe('metadata strip records what it removed', () => {
  it('JPEG: EXIF, XMP, a comment and data after the image are named; the pixels stay', () => {
    const removed = new Set<string>();
    const out = Buffer.from(stripJpegMetadata(jpegWithMetadata(), removed)!);
    expect([...removed].sort()).toEqual(['comment', 'exif', 'trailing', 'xmp']);
    expect(out.toString('latin1')).not.toMatch(/GPS|xmpmeta|comment|motion-photo/);
    expect(out.toString('latin1')).toContain('JFIF');
  });

  it('PNG: text, time stamp, EXIF and trailing data are named', () => {
    const header = Buffer.alloc(13);
    header.writeUInt32BE(1, 0);
    header.writeUInt32BE(1, 4);
    header[8] = 8;
    header[9] = 2;
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', header),
      pngChunk('tEXt', Buffer.from('Author\0Dana', 'latin1')),
      pngChunk('tIME', Buffer.from([0x07, 0xea, 1, 2, 3, 4, 5])),
      pngChunk('eXIf', Buffer.from('MM\0*GPS', 'latin1')),
      pngChunk('IDAT', zlib.deflateSync(Buffer.from([0, 1, 2, 3]))),
      pngChunk('IEND', Buffer.alloc(0)),
      Buffer.from('trailing', 'latin1'),
    ]);
    const removed = new Set<string>();
    const out = Buffer.from(stripPngMetadata(png, removed)!);
    expect([...removed].sort()).toEqual(['exif', 'text', 'time', 'trailing']);
    expect(out.toString('latin1')).not.toMatch(/Dana|GPS|trailing/);
  });

  it('an image with nothing to remove records nothing', () => {
    const removed = new Set<string>();
    const clean = Buffer.concat([Buffer.from([0xff, 0xd8]), seg(0xe0, 'JFIF\0\x01\x01\0\0\x01\0\x01\0\0'), seg(0xda, '\0'), Buffer.from([1, 2]), Buffer.from([0xff, 0xd9])]);
    expect(stripJpegMetadata(clean, removed)).not.toBeNull();
    expect([...removed]).toEqual([]);
  });
});
