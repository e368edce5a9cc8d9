// Empties the function table's entries that only the stripped wasm-streams exports could ever
// call (see strip-exports.mjs), so that wasm-opt can then remove the code behind them.
//
// Removing an export lets wasm-opt remove the code only that export reaches, but not the
// functions its code put in the table: the future behind `IntoUnderlyingSink::write` and its
// kin are `dyn Future`s, whose vtables (in the data section) hold table indices, and wasm-opt
// keeps every function the table holds. Nothing else can reach those vtables. This step points
// every table entry whose function belongs to wasm-streams (by its name, which the v0 symbol
// mangling of scripts/setup.sh's build_dist writes with every generic argument:
// `js_sys::futures::future_to_promise::<…wasm_streams[…]::writable::…>::{closure#0}`) at one
// new function that traps, and fails the build if a function of wasm-streams is still called
// directly by the code that stays: then the widget would use wasm-streams after all, and its
// table entries may not go.
//
// It needs the name section (Trunk's wasm-bindgen output, with `data-keep-debug` and no wasm-opt
// of Trunk's own, keeps it). Usage: node scripts/drop-dead-table-entries.mjs <file.wasm>
// (rewrites it, prints what it did).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { leb, readLeb, rewriteSections, sections } from './strip-exports.mjs';

export const DEAD = /\bwasm_streams\[[0-9a-f]+\]::/;
const TYPE = 1;
const IMPORT = 2;
const FUNCTION = 3;
const ELEMENT = 9;
const CODE = 10;

/** The name section's function names: index → name. */
export function functionNames(bytes) {
  const names = new Map();
  const section = sections(bytes).get('name');
  if (!section) return names;
  let at = section.body;
  while (at < section.end) {
    const kind = bytes[at];
    const [size, body] = readLeb(bytes, at + 1);
    if (kind === 1) {
      let [count, p] = readLeb(bytes, body);
      for (let i = 0; i < count; i++) {
        let index;
        let length;
        [index, p] = readLeb(bytes, p);
        [length, p] = readLeb(bytes, p);
        names.set(index, bytes.subarray(p, p + length).toString());
        p += length;
      }
    }
    at = body + size;
  }
  return names;
}

/** The number of imported functions. */
function importedFunctions(bytes, section) {
  if (!section) return 0;
  let [count, p] = readLeb(bytes, section.body);
  let functions = 0;
  const skipName = () => {
    const [length, at] = readLeb(bytes, p);
    p = at + length;
  };
  for (let i = 0; i < count; i++) {
    skipName();
    skipName();
    const kind = bytes[p++];
    if (kind === 0) {
      functions += 1;
      [, p] = readLeb(bytes, p);
    } else if (kind === 1) {
      p += 1; // reftype
      p = skipLimits(bytes, p);
    } else if (kind === 2) {
      p = skipLimits(bytes, p);
    } else if (kind === 3) {
      p += 2; // valtype, mutability
    } else {
      throw new Error(`drop-dead-table-entries: import kind ${kind} is not known`);
    }
  }
  return functions;
}

function skipLimits(bytes, p) {
  const flags = bytes[p++];
  [, p] = readLeb(bytes, p);
  if (flags & 1) [, p] = readLeb(bytes, p);
  return p;
}

/** Rewrites `bytes`; returns the new module and the names of the entries it emptied. */
export function dropDeadTableEntries(bytes) {
  const names = functionNames(bytes);
  if (names.size === 0) throw new Error('drop-dead-table-entries: the wasm has no function names');
  const found = sections(bytes);
  for (const id of [TYPE, FUNCTION, ELEMENT, CODE]) {
    if (!found.has(id)) throw new Error(`drop-dead-table-entries: no section ${id}`);
  }
  const [typeCount] = readLeb(bytes, found.get(TYPE).body);
  const [defined] = readLeb(bytes, found.get(FUNCTION).body);
  const trap = importedFunctions(bytes, found.get(IMPORT)) + defined;
  const emptied = [];
  const vector = (id, add) => {
    const { body, end } = found.get(id);
    const [count, p] = readLeb(bytes, body);
    return [...leb(count + 1), ...bytes.subarray(p, end), ...add];
  };
  const out = rewriteSections(bytes, (id, body, end) => {
    // A new type `[] -> []`, the last, for the trap.
    if (id === TYPE) return vector(TYPE, [0x60, 0, 0]);
    if (id === FUNCTION) return vector(FUNCTION, leb(typeCount));
    // Body: no locals, `unreachable`, `end`.
    if (id === CODE) return vector(CODE, [3, 0, 0x00, 0x0b]);
    if (id !== ELEMENT) return null;
    let [count, p] = readLeb(bytes, body);
    const content = [...leb(count)];
    for (let s = 0; s < count; s++) {
      const start = p;
      const flags = bytes[p++];
      // Only the form wasm-bindgen writes: active, table 0, an offset, function indices.
      if (flags !== 0) throw new Error(`drop-dead-table-entries: element segment flags ${flags} are not handled`);
      // The offset expression: `i32.const n`, `end`.
      if (bytes[p] !== 0x41) throw new Error('drop-dead-table-entries: an element offset is not an i32.const');
      [, p] = readLeb(bytes, p + 1);
      if (bytes[p++] !== 0x0b) throw new Error('drop-dead-table-entries: an element offset is not an i32.const');
      content.push(...bytes.subarray(start, p));
      let entries;
      [entries, p] = readLeb(bytes, p);
      content.push(...leb(entries));
      for (let e = 0; e < entries; e++) {
        let index;
        [index, p] = readLeb(bytes, p);
        const name = names.get(index) ?? '';
        if (DEAD.test(name)) {
          emptied.push(name);
          index = trap;
        }
        content.push(...leb(index));
      }
    }
    if (p !== end) throw new Error('drop-dead-table-entries: the element section has more than it said');
    return content;
  });
  return { bytes: out, emptied };
}

/** Drop glue: LLVM merges functions whose code is identical, so a drop of a live type may run
 * through wasm-streams' identically laid out one (js-sys's JSPI waker drops an `Rc` through
 * `drop_in_place::<Rc<RefCell<wasm_streams::…::Inner>>>`). That is no use of wasm-streams. */
const DROP_GLUE = /^core\[[0-9a-f]+\]::ptr::drop_in_place::<|>::drop_slow$/;

/** The names of the functions of `DEAD`, drop glue aside, that stay once unused ones are
 * removed: those the remaining code still calls. */
function stillCalled(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'verifik-dead-'));
  try {
    const input = join(dir, 'in.wasm');
    const output = join(dir, 'out.wasm');
    writeFileSync(input, bytes);
    const wasmOpt = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.bin', 'wasm-opt');
    execFileSync(wasmOpt, ['--remove-unused-module-elements', '-g', input, '-o', output]);
    return [...functionNames(readFileSync(output)).values()].filter((name) => DEAD.test(name) && !DROP_GLUE.test(name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path] = process.argv.slice(2);
  if (!path) {
    console.error('usage: node scripts/drop-dead-table-entries.mjs <file.wasm>');
    process.exit(2);
  }
  const { bytes, emptied } = dropDeadTableEntries(readFileSync(path));
  if (emptied.length === 0) {
    console.error(
      'drop-dead-table-entries: no table entry of wasm-streams found. The step reads v0-mangled names: ' +
        "build with scripts/setup.sh's build_dist (./scripts/demo.sh, ./scripts/test.sh), which sets " +
        '-C symbol-mangling-version=v0; if it did, the build has changed and this step must be looked at.',
    );
    process.exit(1);
  }
  const kept = stillCalled(bytes);
  if (kept.length > 0) {
    console.error(`drop-dead-table-entries: the widget's code still calls wasm-streams: ${kept.slice(0, 5).join(', ')}`);
    process.exit(1);
  }
  writeFileSync(path, bytes);
  console.log(`drop-dead-table-entries: ${emptied.length} table entries of wasm-streams emptied`);
}
