// A ZIP archive of files stored as they are (no compression: PNGs are compressed already).
// Enough of PKWARE's APPNOTE for any unzip: local headers, central directory, end record.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function header(fields) {
  const size = fields.reduce((n, [, bytes]) => n + bytes, 0);
  const view = new DataView(new ArrayBuffer(size));
  let at = 0;
  for (const [value, bytes] of fields) {
    if (bytes === 4) view.setUint32(at, value, true);
    else view.setUint16(at, value, true);
    at += bytes;
  }
  return new Uint8Array(view.buffer);
}

// 1980-01-01 00:00 in MS-DOS time: the same frames make the same archive
const DOS_TIME = 0, DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** files: [{name, bytes: Uint8Array}] (ASCII names) -> a Blob of type application/zip. */
export function zipStore(files) {
  const parts = [], central = [];
  let offset = 0;
  for (const { name, bytes } of files) {
    const nameBytes = new TextEncoder().encode(name);
    const crc = crc32(bytes);
    const common = [[20, 2], [0x0800, 2], [0, 2], [DOS_TIME, 2], [DOS_DATE, 2], [crc, 4],
      [bytes.length, 4], [bytes.length, 4], [nameBytes.length, 2], [0, 2]];
    const local = header([[0x04034b50, 4], ...common]);
    parts.push(local, nameBytes, bytes);
    central.push(header([[0x02014b50, 4], [20, 2], ...common, [0, 2], [0, 2], [0, 2], [0, 4], [offset, 4]]), nameBytes);
    offset += local.length + nameBytes.length + bytes.length;
  }
  const size = central.reduce((n, p) => n + p.length, 0);
  const end = header([[0x06054b50, 4], [0, 2], [0, 2], [files.length, 2], [files.length, 2], [size, 4], [offset, 4], [0, 2]]);
  return new Blob([...parts, ...central, end], { type: "application/zip" });
}
