import { detectFileType, nameMisleads } from '../../../client/console/attachments/fileType';

/**
 * The console reads what an attachment is from its bytes, not from its name (issue 13 item 11):
 * only raster images and PDFs reach the sandboxed viewer; a misleading name is flagged.
 */
const bytes = (...parts: (string | number[])[]) => new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)))));

describe('detectFileType', () => {
  it.each([
    ['jpeg', 'image', bytes([0xff, 0xd8, 0xff, 0xe0], 'rest')],
    ['png', 'image', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'rest')],
    ['gif', 'image', bytes('GIF89a....')],
    ['webp', 'image', bytes('RIFF\0\0\0\0WEBPVP8 ')],
    ['pdf', 'pdf', bytes('%PDF-1.7\n')],
  ])('%s goes to the %s viewer', (kind, viewer, head) => {
    expect(detectFileType(head)).toMatchObject({ kind, viewer });
  });

  it.each([
    ['exe', bytes('MZ\x90\0\x03')],
    ['elf', bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1])],
    ['ole', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
    ['ooxml', bytes([0x50, 0x4b, 0x03, 0x04], 'x'.repeat(22), [19, 0, 0, 0], '[Content_Types].xml')],
    ['odf', bytes([0x50, 0x4b, 0x03, 0x04], 'x'.repeat(22), [8, 0, 0, 0], 'mimetypeapplication/vnd.oasis.opendocument.text')],
    ['zip', bytes([0x50, 0x4b, 0x03, 0x04], 'x'.repeat(22), [5, 0, 0, 0], 'a.txt')],
    ['rtf', bytes('{\\rtf1\\ansi')],
    ['html', bytes('  <!DOCTYPE html><script>alert(1)</script>')],
    ['svg', bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>')],
    ['text', bytes('Plain words, and кириллица.')],
    ['unknown', bytes([0, 1, 2, 3, 250, 251])],
  ])('%s is never shown in the viewer', (kind, head) => {
    expect(detectFileType(head)).toMatchObject({ kind, viewer: null });
  });

  it('flags a name whose extension lies about the content', () => {
    const program = detectFileType(bytes('MZ\x90\0'));
    expect(nameMisleads('contract.pdf', program)).toBe(true);
    expect(nameMisleads('setup.exe', program)).toBe(false);
    const pdf = detectFileType(bytes('%PDF-1.4'));
    expect(nameMisleads('scan.PDF', pdf)).toBe(false);
    expect(nameMisleads('scan.jpg', pdf)).toBe(true);
    expect(nameMisleads('data.pdf', detectFileType(bytes([0, 1, 2, 250])))).toBe(true);
  });
});
