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

export function regionName(lang, iso) {
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

// Names people search by that Intl's names do not contain: former and common names,
// abbreviations, and the names with a straight apostrophe (CLDR writes "Côte d’Ivoire").
// Searched, never shown: the list shows Intl's name.
const ALSO_KNOWN_AS = {
  CD: ['República Democrática del Congo', 'República Democrática do Congo', 'DR Congo', 'DRC', 'Zaire'],
  CG: ['Congo-Brazzaville', 'República del Congo', 'República do Congo'],
  CI: ['Costa de Marfil', 'Costa do Marfim', 'Ivory Coast', "Cote d'Ivoire"],
  CZ: ['Czech Republic', 'República Checa', 'República Tcheca'],
  GB: ['UK', 'Great Britain', 'England', 'Gran Bretaña', 'Inglaterra', 'Grã-Bretanha'],
  MK: ['Macedonia', 'Macedônia'],
  MM: ['Burma', 'Birmania', 'Birmânia'],
  NL: ['Holland', 'Holanda'],
  SZ: ['Swaziland', 'Suazilandia', 'Suazilândia'],
  TR: ['Turkey', 'Turquía', 'Turquia'],
  US: ['USA', 'EE. UU.', 'EEUU', 'EUA'],
  AE: ['UAE', 'Emiratos', 'Emirados'],
};

// [iso, name in lang, folded name, folded English name and other names] for each code, sorted
// by name as people of that language sort.
export function regionEntries(lang, codes) {
  const collator = new Intl.Collator(lang);
  return codes
    .map((iso) => {
      const name = regionName(lang, iso);
      const others = [regionName('en', iso), ...(ALSO_KNOWN_AS[iso] ?? [])];
      // One per line: a search (one line of text) cannot match across two names.
      return [iso, name, fold(name), fold(others.join('\n'))];
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
