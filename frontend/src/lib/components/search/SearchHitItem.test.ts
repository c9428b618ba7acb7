import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n/i18n.svelte';
import type { SearchHit } from '../../api';
import { gbkFile } from '../../testing/files';
import { render, type Rendered } from '../../testing/render';
import SearchHitItem from './SearchHitItem.svelte';

const hit: SearchHit = {
  chunkId: 1,
  kbId: 1,
  kbName: '旧资料',
  path: gbkFile.path,
  displayPath: gbkFile.displayPath,
  format: 'text',
  page: 0,
  headings: [],
  ordinal: 0,
  text: '兵马俑位于西安。',
  start: 0,
  end: 8,
  snippet: [{ text: '兵马俑', match: true }, { text: '位于西安。' }],
  context: '兵马俑位于西安。',
  score: 0.03,
  keywordRank: 1,
  vectorRank: 0,
  similarity: 0,
  duplicates: 0,
};

describe('SearchHitItem', () => {
  let shown: Rendered;
  afterEach(() => shown.destroy());

  it('names a file whose name is not UTF-8 as people read it', () => {
    shown = render(SearchHitItem, { hit, selected: false, id: 'h1', onopen: vi.fn(), onreveal: vi.fn(), onpoint: vi.fn() });
    const { target } = shown;
    expect(target.querySelector('.name')?.textContent).toBe('中文.txt');
    expect(target.querySelector('.path')?.textContent).toBe('/home/me/旧文件/ · 旧资料');
    expect(target.querySelector('.path')?.getAttribute('title')).toBe(gbkFile.displayPath);
  });

  const props = { selected: true, id: 'h1', onopen: vi.fn(), onreveal: vi.fn(), onpoint: vi.fn() };

  it.each([
    ['en', 7, 'Opened 中文.txt; the passage is on page 7.'],
    ['zh-CN', 7, '已打开 中文.txt，该段落在第 7 页。'],
    ['en', 0, 'Opened 中文.txt.'],
  ] as const)('says beside the result that it was opened (%s, page %d)', (locale, page, said) => {
    i18n.locale = locale;
    shown = render(SearchHitItem, { ...props, hit: { ...hit, page }, feedback: { chunkId: 1, action: 'opened' } });
    expect(shown.target.querySelector('[data-testid="search-hit-feedback"]')?.textContent?.trim()).toBe(said);
    i18n.locale = 'en';
  });

  it('says beside the result why it could not be opened', () => {
    const problem = { code: 'search.file_gone', message: { en: '中文.txt is no longer there', 'zh-CN': '中文.txt 已不在原处' } };
    shown = render(SearchHitItem, { ...props, hit, feedback: { chunkId: 1, action: 'failed', problem } });
    expect(shown.target.querySelector('[data-testid="search-hit-feedback"] [data-code="search.file_gone"]')?.textContent).toContain(
      'is no longer there',
    );
  });

  it('says a result found by meaning alone is close in meaning, and no more', () => {
    shown = render(SearchHitItem, { ...props, hit: { ...hit, keywordRank: 0, vectorRank: 3, snippet: [{ text: '兵马俑位于西安。' }] } });
    expect(shown.target.querySelector('.meaning')?.textContent).toBe('close in meaning');
    shown.destroy();
    shown = render(SearchHitItem, { ...props, hit: { ...hit, vectorRank: 3 } });
    expect(shown.target.querySelector('.meaning')).toBeNull();
  });
});
