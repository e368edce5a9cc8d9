// Drops from a wasm module the exports that only a dependency's own JavaScript classes would
// call, so that `wasm-opt` can then remove the code behind them.
//
// Leptos depends on server_fn, which depends on wasm-streams: its `#[wasm_bindgen]` classes
// (IntoUnderlyingSource, IntoUnderlyingByteSource, IntoUnderlyingSink) are exported from every
// wasm that links Leptos, with the futures behind them, although this widget never makes a
// stream. Nothing calls them: no instance of those classes is ever created.
//
// Usage: node scripts/strip-exports.mjs <file.wasm>   (rewrites the file, prints what it dropped)
import { readFileSync, writeFileSync } from 'node:fs';

export const UNUSED = /^(__wbg_)?intounderlying(bytesource|source|sink)_/;

export function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

export function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/** The module with its export section rewritten without the exports `drop` matches. */
export function stripExports(bytes, drop) {
  const parts = [bytes.subarray(0, 8)];
  const dropped = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = readLeb(bytes, at + 1);
    const end = body + size;
    if (id !== 7) {
      parts.push(bytes.subarray(at, end));
      at = end;
      continue;
    }
    let [count, p] = readLeb(bytes, body);
    const kept = [];
    for (let i = 0; i < count; i++) {
      const start = p;
      const [length, nameAt] = readLeb(bytes, p);
      const name = new TextDecoder().decode(bytes.subarray(nameAt, nameAt + length));
      p = nameAt + length + 1; // kind
      [, p] = readLeb(bytes, p); // index
      if (drop.test(name)) {
        dropped.push(name);
      } else {
        kept.push(bytes.subarray(start, p));
      }
    }
    const content = [...leb(kept.length), ...kept.flatMap((k) => [...k])];
    parts.push(Uint8Array.from([7, ...leb(content.length), ...content]));
    at = end;
  }
  const total = parts.reduce((n, part) => n + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return { bytes: out, dropped };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  const { bytes, dropped } = stripExports(readFileSync(file), UNUSED);
  writeFileSync(file, bytes);
  console.log(`strip-exports: dropped ${dropped.length} unused exports (${dropped.join(', ')})`);
}
