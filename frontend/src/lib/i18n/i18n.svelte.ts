import type { Locale } from '../api';
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export type { MessageKey } from './en';

export const catalogs: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

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

  t = (key: MessageKey, params?: Record<string, string | number>): string => {
    return format(catalogs[this.locale][key] ?? en[key], params);
  };
}

export const i18n = new I18n();
