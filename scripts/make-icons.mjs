// Draws the toolbar icons (a cookie under a magnifying lens) as PNGs, so no image tool is needed.
// Run once after changing the drawing: node scripts/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => buf.reduce((c, b) => crcTable[(c ^ b) & 0xff] ^ (c >>> 8), 0xffffffff) ^ 0xffffffff;
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)) >>> 0, 8 + data.length);
  return out;
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel((x + 0.5) / size, (y + 0.5) / size);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const dist = (x, y, cx, cy) => Math.hypot(x - cx, y - cy);
function pixel(x, y) {
  // Lens ring and handle, dark blue; cookie inside, golden with chocolate chips.
  const d = dist(x, y, 0.42, 0.42);
  const handle = x > 0.62 && y > 0.62 && Math.abs(x - y) < 0.11 && x < 0.95;
  if ((d > 0.3 && d < 0.4) || handle) return [22, 58, 110, 255];
  if (d <= 0.3) {
    const chips = [[0.33, 0.34], [0.5, 0.3], [0.45, 0.5], [0.3, 0.5]];
    if (chips.some(([cx, cy]) => dist(x, y, cx, cy) < 0.045)) return [92, 52, 20, 255];
    return [222, 166, 82, 255];
  }
  return [0, 0, 0, 0];
}
for (const size of [16, 32, 48, 128]) writeFileSync(new URL(`../icons/icon-${size}.png`, import.meta.url), png(size, pixel));
