// Draws images/icon.png (128×128), the Marketplace icon: a twelve-segment ring, one segment per factor,
// around a check mark. Written as a PNG by hand (zlib for the pixel data) so it needs no image library.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const BACKGROUND = [0x1e, 0x3a, 0x5f];
const RING = [0x4f, 0xc3, 0xa1];
const MARK = [0xff, 0xff, 0xff];

function pixel(x, y) {
  const dx = x + 0.5 - SIZE / 2;
  const dy = y + 0.5 - SIZE / 2;
  const r = Math.hypot(dx, dy);
  if (r > 62) return [0, 0, 0, 0];
  // Twelve ring segments with gaps between them.
  const angle = (Math.atan2(dy, dx) + Math.PI * 2) % (Math.PI * 2);
  const inGap = (angle / (Math.PI / 6)) % 1 < 0.12;
  if (r > 46 && r < 58 && !inGap) return [...RING, 255];
  // A check mark: two thick strokes.
  const onStroke = (ax, ay, bx, by) => {
    const t = Math.max(0, Math.min(1, ((dx - ax) * (bx - ax) + (dy - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return Math.hypot(dx - (ax + t * (bx - ax)), dy - (ay + t * (by - ay))) < 6;
  };
  if (onStroke(-22, 2, -6, 18) || onStroke(-6, 18, 24, -16)) return [...MARK, 255];
  return [...BACKGROUND, 255];
}

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) raw.set(pixel(x, y), y * (SIZE * 4 + 1) + 1 + x * 4);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
console.log(`wrote images/icon.png (${png.length} bytes)`);
