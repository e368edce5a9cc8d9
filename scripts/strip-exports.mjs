// Drops from a wasm module the exports that only a dependency's own JavaScript classes would
// call, so that `wasm-opt` can then remove the code behind them.
//
// Leptos depends on server_fn, which depends on wasm-streams: its `#[wasm_bindgen]` classes
// (IntoUnderlyingSource, IntoUnderlyingByteSource, IntoUnderlyingSink) are exported from every
// wasm that links Leptos, with the futures behind them, although this widget never makes a
// stream. Nothing calls them: no instance of those classes is ever created. Given the glue too,
// it drops those classes from it, with their finalization registries: the entry module imports
// the glue as a namespace, so the bundler keeps every class the glue exports.
//
// Usage: node scripts/strip-exports.mjs <file.wasm> [glue.js]   (rewrites the files, prints what
// it dropped)
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

/** Where each section's content starts and ends, by id (custom sections by name). */
export function sections(bytes) {
  const found = new Map();
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = readLeb(bytes, at + 1);
    if (id === 0) {
      const [length, nameAt] = readLeb(bytes, body);
      const name = bytes.subarray(nameAt, nameAt + length).toString();
      found.set(name, { body: nameAt + length, end: body + size });
    } else {
      found.set(id, { body, end: body + size });
    }
    at = body + size;
  }
  return found;
}

/** The module with each section `rewrite(id, start, end)` returns content for (an array of
 * bytes) replaced by that content; the sections it returns null for are copied as they are, and
 * those it returns false for are left out. */
export function rewriteSections(bytes, rewrite) {
  const parts = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = readLeb(bytes, at + 1);
    const end = body + size;
    const content = rewrite(id, body, end);
    if (content === null) parts.push(bytes.subarray(at, end));
    else if (content !== false) parts.push(Uint8Array.from([id, ...leb(content.length), ...content]));
    at = end;
  }
  return Buffer.concat(parts);
}

/** The module with its export section rewritten without the exports `drop` matches. */
export function stripExports(bytes, drop) {
  const dropped = [];
  const out = rewriteSections(bytes, (id, body) => {
    if (id !== 7) return null;
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
    return [...leb(kept.length), ...kept.flatMap((k) => [...k])];
  });
  return { bytes: out, dropped };
}

/** The glue without the classes whose exports `drop` matches (`free` names them). Fails when a
 * class is not laid out as wasm-bindgen 0.2.130 writes it: a changed glue must be looked at. */
export function stripClasses(glue, drop) {
  const dropped = [];
  for (const [, name] of glue.matchAll(/^export class (\w+) \{$/gm)) {
    if (!drop.test(`${name.toLowerCase()}_free`)) continue;
    const parts = [
      new RegExp(`^export class ${name} \\{\n[\\s\\S]*?^\\}\nif \\(Symbol\\.dispose\\) ${name}\\.prototype\\[Symbol\\.dispose\\] = ${name}\\.prototype\\.free;\n`, 'gm'),
      new RegExp(`^const ${name}Finalization = [^;]*;\n`, 'gm'),
    ];
    for (const part of parts) {
      const found = glue.match(part)?.length ?? 0;
      if (found !== 1) throw new Error(`strip-exports: the glue's class ${name} is not laid out as expected`);
      glue = glue.replace(part, '');
    }
    if (new RegExp(`\\b${name}\\b`).test(glue)) throw new Error(`strip-exports: the glue still names ${name}`);
    dropped.push(name);
  }
  return { glue, dropped };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, glueFile] = process.argv.slice(2);
  const { bytes, dropped } = stripExports(readFileSync(file), UNUSED);
  writeFileSync(file, bytes);
  console.log(`strip-exports: dropped ${dropped.length} unused exports (${dropped.join(', ')})`);
  if (glueFile) {
    const { glue, dropped: classes } = stripClasses(readFileSync(glueFile, 'utf8'), UNUSED);
    writeFileSync(glueFile, glue);
    console.log(`strip-exports: dropped ${classes.length} classes from the glue (${classes.join(', ')})`);
  }
}
