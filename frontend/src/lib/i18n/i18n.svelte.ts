import type { Locale } from '../api';
import { pluralForm } from '../format';
import { en, type CountedKey, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export type { CountedKey, MessageKey } from './en';

// A catalogue may leave out the ".one" forms: Chinese has no plurals.
export const catalogs: Record<Locale, Partial<Record<MessageKey, string>>> = { en, 'zh-CN': zhCN };

/** The language's own name, as the language picker shows it. */
export const localeNames: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

/** Maps a browser or OS language tag to a UI locale: any Chinese to zh-CN, the rest to English. */
export function localeFromTag(tag: string | undefined): Locale {
  return tag?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** Fills {name} placeholders; unknown names stay visible rather than vanish. */
export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The current UI language. Components read `i18n.t(...)`, which re-renders when it changes. */
export class I18n {
  locale = $state<Locale>('en');

  // A key built from a code the backend sent (`chat.phase.${phase}`) that no
  // catalogue has, as from a newer backend, shows as the key rather than
  // as nothing.
  t = (key: MessageKey, params?: Record<string, string | number>): string => {
    return format(catalogs[this.locale][key] ?? en[key] ?? key, params);
  };

  /**
   * A counted phrase, "1 file" or "3 files", in the form the language's
   * plural rules give for count, which fills {count}.
   */
  n = (key: CountedKey, count: number, params?: Record<string, string | number>): string => {
    const catalog = catalogs[this.locale];
    const form = `${key}.${pluralForm(this.locale, count)}` as MessageKey;
    const template = catalog[form] ?? catalog[`${key}.other`] ?? en[`${key}.other`];
    return format(template, { ...params, count });
  };
}

export const i18n = new I18n();
