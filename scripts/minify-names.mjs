// Gives the wasm's glue imports and its exports one- or two-letter names, and rewrites the
// wasm-bindgen glue to match; the glue's imports the wasm no longer has leave it, and so do the
// wasm's custom sections.
//
// wasm-bindgen names each import after the JavaScript it calls plus a 16-hex-digit hash
// (`__wbg_createTextNode_2b48c3fc75dfcc67`), and every name is written twice: in the wasm and in
// the glue's import object. The hashes do not compress. The exports are long too
// (`wasm_bindgen__convert__closures_____invoke__h260e5ab341be320c`). In the glue, an import is a
// property of the import object (`__wbg_…: function(`), and an export a property of `wasm`.
// Imports from the glue's snippets (`src/http.js`) keep their names: the snippet's own module
// namespace provides them. The `memory` export keeps its name.
//
// Usage: node scripts/minify-names.mjs <file.wasm> <glue.js>   (rewrites both files)
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { leb, readLeb, rewriteSections } from './strip-exports.mjs';

const [wasmPath, gluePath] = process.argv.slice(2);
if (!wasmPath || !gluePath) {
  console.error('usage: node scripts/minify-names.mjs <file.wasm> <glue.js>');
  process.exit(2);
}
// wasm-bindgen's name for the module the glue's own imports come from.
const GLUE_MODULE = `./${basename(gluePath, '.js')}_bg.js`;
const KEEP_EXPORTS = new Set(['memory']);

const bytes = readFileSync(wasmPath);
let glue = readFileSync(gluePath, 'utf8');

/** A reader over `bytes` from `at`. */
function reader(at) {
  const r = {
    at,
    u32() {
      let value;
      [value, r.at] = readLeb(bytes, r.at);
      return value;
    },
    name() {
      const length = r.u32();
      r.at += length;
      return new TextDecoder().decode(bytes.subarray(r.at - length, r.at));
    },
    limits() {
      const flags = bytes[r.at++];
      r.u32();
      if (flags & 1) r.u32();
    },
  };
  return r;
}

const encodeName = (name) => {
  const utf8 = new TextEncoder().encode(name);
  return [...leb(utf8.length), ...utf8];
};

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** `a`, `b`, …, `Z`, `aa`, `ab`, …: identifiers (a reserved word is a valid property name). */
function shortName(index) {
  let name = '';
  let rest = index;
  do {
    name = ALPHABET[rest % ALPHABET.length] + name;
    rest = Math.floor(rest / ALPHABET.length) - 1;
  } while (rest >= 0);
  return name;
}

const renamedImports = new Map();
const renamedExports = new Map();

/** A section's vector rewritten: `entry(r)` reads one entry from `r` and returns its bytes. */
function rewriteVector(start, end, what, entry) {
  const r = reader(start);
  const count = r.u32();
  const out = [...leb(count)];
  for (let i = 0; i < count; i += 1) out.push(...entry(r));
  if (r.at !== end) throw new Error(`${what} section: trailing bytes`);
  return out;
}

function renameImport(r) {
  const module = r.name();
  const field = r.name();
  const descStart = r.at;
  const kind = bytes[r.at++];
  if (kind === 0) r.u32();
  else if (kind === 1) (r.at++, r.limits());
  else if (kind === 2) r.limits();
  else if (kind === 3) r.at += 2;
  else throw new Error(`import ${module} ${field}: kind ${kind}`);
  let name = field;
  if (module === GLUE_MODULE) {
    name = shortName(renamedImports.size);
    renamedImports.set(field, name);
  }
  return [...encodeName(module), ...encodeName(name), ...bytes.subarray(descStart, r.at)];
}

function renameExport(r) {
  const field = r.name();
  const descStart = r.at;
  r.at += 1;
  r.u32();
  let name = field;
  if (!KEEP_EXPORTS.has(field)) {
    // `_a`, `_b`, …: in the glue, `wasm._a` reads as an export at a glance.
    name = `_${shortName(renamedExports.size)}`;
    renamedExports.set(field, name);
  }
  return [...encodeName(name), ...bytes.subarray(descStart, r.at)];
}

const wasm = rewriteSections(bytes, (id, start, end) => {
  // Custom sections (producers, target_features, Leptos's __wasm_split_unstable) are read by no
  // browser: they go too.
  if (id === 0) return false;
  if (id === 2) return rewriteVector(start, end, 'import', renameImport);
  if (id === 7) return rewriteVector(start, end, 'export', renameExport);
  return null;
});

const problems = [];
// The glue's functions for imports the wasm no longer has (wasm-opt removed every call to them)
// leave the import object, which wasm-bindgen 0.2.130 writes as `const import0 = {`, one
// `        field: function…` entry after the other, up to `    };`.
const OPEN = '    const import0 = {\n';
const objectStart = glue.indexOf(OPEN);
const objectEnd = glue.indexOf('\n    };\n', objectStart);
let unused = 0;
if (objectStart < 0 || objectEnd < 0) {
  problems.push('the glue has no import0 object laid out as expected');
} else {
  const body = glue.slice(objectStart + OPEN.length, objectEnd + 1);
  const entries = body.split(/^(?= {8}[A-Za-z_$][\w$]*: )/m);
  if (!entries[0].startsWith('        ')) problems.push('the import0 object does not start with an entry');
  const kept = entries.filter((entry) => {
    const field = entry.match(/^ {8}([A-Za-z_$][\w$]*): /)?.[1];
    // (`__proto__: null` and anything else not named like an import stays.)
    if (!/^__wb(g|indgen)_/.test(field ?? '') || renamedImports.has(field)) return true;
    unused += 1;
    return false;
  });
  glue = glue.slice(0, objectStart + OPEN.length) + kept.join('') + glue.slice(objectEnd + 1);
}
for (const [field, name] of renamedImports) {
  let count = 0;
  glue = glue.replace(new RegExp(`(?<![\\w$])${field}(?=\\s*[:(])`, 'g'), () => {
    count += 1;
    return name;
  });
  if (count !== 1) problems.push(`the import ${field} is defined ${count} times in the glue`);
}
let unknown = null;
glue = glue.replace(/(?<![\w$.])wasm\.([A-Za-z_$][\w$]*)/g, (whole, field) => {
  if (KEEP_EXPORTS.has(field)) return whole;
  const name = renamedExports.get(field);
  if (name === undefined) unknown = field;
  return `wasm.${name}`;
});
if (unknown !== null) problems.push(`the glue reads wasm.${unknown}, which the wasm does not export`);
if (problems.length > 0) {
  console.error(`minify-names: the glue does not match the wasm:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

writeFileSync(wasmPath, wasm);
writeFileSync(gluePath, glue);
console.log(
  `minify-names: ${renamedImports.size} imports and ${renamedExports.size} exports renamed, ` +
    `${unused} unused imports removed from the glue, ` +
    `${bytes.length} → ${wasm.length} bytes`,
);
