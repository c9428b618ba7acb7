import { describe, expect, it } from 'vitest';
import { en } from './en';
import { catalogs, format, I18n, localeFromTag } from './i18n.svelte';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
  it.each(Object.keys(en))('%s names the same placeholders in every language', (key) => {
    const k = key as keyof typeof en;
    const want = placeholders(en[k]);
    for (const catalog of Object.values(catalogs)) {
      // A language without plurals leaves out the ".one" forms.
      if (catalog[k] !== undefined || !k.endsWith('.one')) expect(placeholders(catalog[k] ?? '')).toEqual(want);
    }
  });

  it('has a Chinese translation for every message, not a copy of the English', () => {
    const identical = Object.keys(en).filter((k) => {
      const key = k as keyof typeof en;
      const words = en[key].replace(/\{\w+\}/g, '');
      return catalogs['zh-CN'][key] === en[key] && /[a-z]{4,}/.test(words) && !/ollama|zhiku/i.test(words);
    });
    expect(identical).toEqual([]);
  });
});

describe('format', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(format('plain')).toBe('plain');
  });
});

describe('I18n', () => {
  it('translates in the current locale', () => {
    const i = new I18n();
    expect(i.t('nav.chats')).toBe('Chats');
    i.locale = 'zh-CN';
    expect(i.t('nav.chats')).toBe('对话');
    expect(i.n('welcome.ollama.running', 3, { version: '0.17.4', host: 'h' })).toBe('Ollama 0.17.4 正在 h 运行，已安装 3 个模型。');
  });

  it.each([
    ['en', 0, '0 files'],
    ['en', 1, '1 file'],
    ['en', 2, '2 files'],
    ['zh-CN', 1, '1 个文件'],
    ['zh-CN', 2, '2 个文件'],
  ] as const)('counts in %s: %d → %s', (locale, count, want) => {
    const i = new I18n();
    i.locale = locale;
    expect(i.n('count.files', count)).toBe(want);
  });

  it('fills the other placeholders of a counted phrase', () => {
    const i = new I18n();
    expect(i.n('library.vectors', 1, { model: 'bge-m3' })).toBe('Vectors from bge-m3; 1 chunk still waiting');
  });

  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['en-GB', 'en'],
    ['fr', 'en'],
    [undefined, 'en'],
  ] as const)('maps %s to %s', (tag, want) => {
    expect(localeFromTag(tag)).toBe(want);
  });
});
