/** A size with a binary unit, as the Go side writes it: "1.5 MiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * A duration in seconds in the language's own short units: "45s",
 * "3m 20s" or "2h 5m" in English, "3分钟20秒" in Chinese (Intl gives the
 * units and how they join).
 */
export function formatDuration(seconds: number, locale = 'en'): string {
  const s = Math.max(0, Math.round(seconds));
  const unit = (name: 'second' | 'minute' | 'hour', n: number) =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'narrow' }).format(n);
  const join = (parts: string[]) => new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' }).format(parts);
  if (s < 60) return unit('second', s);
  if (s < 3600) return join([unit('minute', Math.floor(s / 60)), unit('second', s % 60)]);
  return join([unit('hour', Math.floor(s / 3600)), unit('minute', Math.floor((s % 3600) / 60))]);
}

/**
 * A file's path relative to the source folder that holds it, which is what
 * a person recognises in a long list; the full path when none does.
 */
export function relativeToSources(path: string, sources: string[]): string {
  const source = sources
    .filter((src) => path === src || path.startsWith(src.replace(/[\\/]+$/, '') + '/') || path.startsWith(src.replace(/[\\/]+$/, '') + '\\'))
    .sort((a, b) => b.length - a.length)[0];
  if (!source || path === source) return path;
  return path.slice(source.replace(/[\\/]+$/, '').length + 1);
}

/** The last part of a path. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The plural forms the catalogues hold: Chinese needs only "other". */
export type PluralForm = 'one' | 'other';

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * Which form of a counted phrase a language uses for count, by the
 * language's own rules (Intl.PluralRules): "1 file" but "0 files" and
 * "2 files" in English, one form for every count in Chinese. Forms other
 * than one and other (few, many…) fall back to other, as no catalogue
 * language uses them.
 */
export function pluralForm(locale: string, count: number): PluralForm {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules.select(count) === 'one' ? 'one' : 'other';
}
