// The files a host page loads from a release build, relative to dist/: the entry module, the
// wasm-bindgen glue, the wasm and the JS snippets the glue imports. One list for everything
// that ships or measures them (scripts/package.mjs, bench/bench.mjs).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ENTRY = 'verifik-onboarding.js';

/** The list, or an Error naming the first missing file (the release build has not run). */
export function hostFiles(dist) {
  const files = [ENTRY, 'verifik-onboarding-core.js', 'verifik-onboarding_bg.wasm'];
  const walk = (dir) => {
    for (const name of readdirSync(join(dist, dir)).sort()) {
      const path = join(dir, name);
      if (statSync(join(dist, path)).isDirectory()) walk(path);
      else if (name.endsWith('.js')) files.push(path);
    }
  };
  try {
    walk('snippets');
    for (const file of files) statSync(join(dist, file));
  } catch (error) {
    throw new Error(`${error.path ?? 'dist/'} is missing: run the release build first (trunk build --release --offline)`);
  }
  return files;
}
