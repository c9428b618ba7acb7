import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';

// Latin words a Chinese message may hold: names of products, formats,
// systems and keys, which stay as they are in Chinese text. Anything else
// in Latin letters is English that was not translated.
const namesKeptInChinese = new Set([
  'Ollama',
  'Markdown',
  'Word',
  'Linux',
  'macOS',
  'Windows',
  'Hugging',
  'Face',
  'ModelScope',
  'LoRA',
  'LLaMA-Factory',
  'Enter',
  'Shift',
  'Esc',
  'curl',
  'sh',
  'nomic-embed-text',
  'OpenAI',
  'ShareGPT',
  'Alpaca',
]);

/**
 * The English words left in a message: its Latin words without
 * placeholders, tags (<input>), names, acronyms (PDF, GPU), single letters (a formula's k)
 * and codes (bge-m3, num_ctx, *.md, -fsSL, paths and addresses), which
 * hold a digit, dot, slash, underscore, colon or asterisk, or start with a
 * dash.
 */
export function englishWords(message: string): string[] {
  const words = message
    .replace(/\{\w+\}|<\w+>/g, ' ')
    .split(/[^\w.\-/:*+]+/u)
    .flatMap((w) => w.split('+'));
  return words.filter(
    (w) =>
      /[A-Za-z]/.test(w) &&
      !/[\d._/:*]/.test(w) &&
      w.length > 1 &&
      !/^[A-Z]{2,}$/.test(w) &&
      !w.startsWith('-') &&
      !namesKeptInChinese.has(w),
  );
}

const cjk = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef';
const halfWidthNextToChinese = new RegExp(`[${cjk}][(),:]|[(),:][${cjk}]`, 'u');

describe('the Chinese catalogue', () => {
  it('holds no English words besides names and codes', () => {
    const leaks = Object.entries(zhCN)
      .map(([key, message]) => [key, englishWords(message).join(' ')])
      .filter(([, words]) => words);
    expect(leaks).toEqual([]);
  });

  it('uses full-width brackets, colons and commas next to Chinese text', () => {
    const halfWidth = Object.entries(zhCN).filter(([, message]) => halfWidthNextToChinese.test(message.replace(/\{\w+\}/g, '')));
    expect(halfWidth).toEqual([]);
  });

  it.each([
    ['仅根据 keyword 检索', ['keyword']],
    ['例如 bge-m3 或 nomic-embed-text', []],
    ['运行 curl -fsSL https://ollama.com/install.sh | sh', []],
    ['每行一个模式（例如 *.md）', []],
    ['{count} 个 token', ['token']],
    ['Shift+Enter 换行', []],
    ['排名融合常数 k', []],
  ])('finds the English words of %s', (message, want) => {
    expect(englishWords(message)).toEqual(want);
  });
});

describe('the English catalogue', () => {
  it('counts with plural forms, never "(s)"', () => {
    expect(Object.entries(en).filter(([, message]) => message.includes('(s)'))).toEqual([]);
  });
});
