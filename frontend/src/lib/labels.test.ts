import { afterEach, describe, expect, it } from 'vitest';
import type { RecordKind } from './api';
import { i18n } from './i18n/i18n.svelte';
import { kindLabel, lengthLabel, pullStatusLabel, reviewLabel, selfTestSettingLabel } from './labels';

describe('codes as words', () => {
  afterEach(() => {
    i18n.locale = 'en';
  });

  it.each([
    ['pulling manifest', '正在获取清单'],
    ['pulling 1a2b3c4d5e6f', '正在下载 1a2b3c4d5e6f'],
    ['verifying sha256 digest', '正在校验下载内容（SHA-256）'],
    ['writing manifest', '正在写入清单'],
    ['removing any unused layers', '正在清理不再使用的层'],
    ['success', '完成'],
    ['something new', 'something new'],
  ])('Ollama’s pull status %s reads %s in Chinese', (status, want) => {
    i18n.locale = 'zh-CN';
    expect(pullStatusLabel(status)).toBe(want);
  });

  it.each([
    ['en', 'hybrid', 2, 1, 0, 'Hybrid (keyword 2 : vector 1)'],
    ['en', 'keyword', 1, 1, 1, 'Keywords + neighbouring chunks'],
    ['en', 'hybrid', 1, 1, 0, 'Hybrid'],
    ['zh-CN', 'hybrid', 1, 2, 1, '混合（关键词 1 : 向量 2） + 相邻文本块'],
  ] as const)('a check-up setting in %s: %s %d:%d, %d neighbours, reads %s', (locale, mode, keywordWeight, vectorWeight, neighbours, want) => {
    i18n.locale = locale;
    expect(selfTestSettingLabel({ key: 'k', mode, keywordWeight, vectorWeight, neighbours })).toBe(want);
  });

  it('names a check-up setting with the reranker', () => {
    const setting = { key: 'hybrid+rerank', mode: 'hybrid', keywordWeight: 1, vectorWeight: 1, neighbours: 0, rerank: true } as const;
    expect(selfTestSettingLabel(setting)).toBe('Hybrid + reranker');
    i18n.locale = 'zh-CN';
    expect(selfTestSettingLabel(setting)).toBe('混合 + 重排模型');
  });

  it('names a check-up setting at a candidate chunk size', () => {
    const setting = { key: 'keyword@500', mode: 'keyword', keywordWeight: 1, vectorWeight: 1, neighbours: 0, chunkTokens: 500 } as const;
    expect(selfTestSettingLabel(setting)).toBe('Keywords, chunks of 500 tokens');
    i18n.locale = 'zh-CN';
    expect(selfTestSettingLabel(setting)).toBe('关键词，500 词元分块');
  });

  it('names data-set codes in Chinese, and shows an unknown one as it is', () => {
    i18n.locale = 'zh-CN';
    // A kind this page does not know yet, as a newer backend would send it.
    const future: RecordKind = JSON.parse('"future"');
    expect([kindLabel('qa'), reviewLabel('pending'), kindLabel(future)]).toEqual(['问答', '待审核', 'future']);
    expect([lengthLabel({ min: 50, max: 200, count: 1 }), lengthLabel({ min: 1000, max: 0, count: 1 })]).toEqual(['≤ 200', '> 1000']);
  });
});
