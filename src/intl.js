// The browser's Intl data, so that the wasm carries no country names or collation tables.

const displayNames = new Map();

function namesFor(lang) {
  if (!displayNames.has(lang)) {
    let names = null;
    try {
      names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
    } catch {
      names = null;
    }
    displayNames.set(lang, names);
  }
  return displayNames.get(lang);
}

function regionName(lang, iso) {
  try {
    return namesFor(lang)?.of(iso) ?? iso;
  } catch {
    return iso;
  }
}

// Case- and accent-insensitive form of a text, for searching.
export function fold(text) {
  return String(text).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

// [iso, name in lang, folded name, folded English name] for each code, sorted by name as
// people of that language sort.
export function regionEntries(lang, codes) {
  const collator = new Intl.Collator(lang);
  return codes
    .map((iso) => {
      const name = regionName(lang, iso);
      return [iso, name, fold(name), fold(regionName('en', iso))];
    })
    .sort((a, b) => collator.compare(a[1], b[1]));
}

// The region subtag of the browser's preferred locale ("en-US" → "US"), if it has one.
export function browserRegion() {
  try {
    return new Intl.Locale(navigator.language).region ?? null;
  } catch {
    return null;
  }
}
