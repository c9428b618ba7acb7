import { describe, expect, it } from 'vitest';
import { en } from './en';
import { catalogs, format, I18n, localeFromTag } from './i18n.svelte';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
  it.each(Object.keys(en))('%s names the same placeholders in every language', (key) => {
    const k = key as keyof typeof en;
    const want = placeholders(en[k]);
    for (const catalog of Object.values(catalogs)) expect(placeholders(catalog[k])).toEqual(want);
  });

  it('has a Chinese translation for every message, not a copy of the English', () => {
    const identical = Object.keys(en).filter((k) => {
      const key = k as keyof typeof en;
      return catalogs['zh-CN'][key] === en[key] && /[a-z]{4,}/.test(en[key]) && !/ollama|zhiku/i.test(en[key]);
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
    expect(i.t('welcome.ollama.running', { version: '0.17.4', host: 'h', models: 3 })).toContain('0.17.4');
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
