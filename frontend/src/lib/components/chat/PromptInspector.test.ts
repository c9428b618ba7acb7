import { afterEach, describe, expect, it } from 'vitest';
import type { Problem, PromptReport, Source } from '../../api';
import { i18n } from '../../i18n/i18n.svelte';
import { render, type Rendered } from '../../testing/render';
import PromptInspector from './PromptInspector.svelte';

// What a failed answer's report holds when it failed before its prompt
// was sent: nothing measured, nothing left out.
const unsent: PromptReport = {
  model: 'qwen3:4b',
  queries: null,
  messages: null,
  messageTokens: null,
  modelContext: 0,
  numCtx: 0,
  reserved: 0,
  promptTokens: 0,
  reportedPromptTokens: 0,
  outputTokens: 0,
  scaleHan: 0,
  scaleOther: 0,
  left: null,
  modelMillis: 0,
  retrievalMillis: 0,
  promptMillis: 0,
  firstTokenMillis: 0,
  totalMillis: 3,
};

const sent: PromptReport = {
  ...unsent,
  messages: [
    { role: 'system', content: 'Answer from the passages.' },
    { role: 'user', content: '兵马俑在哪里？' },
  ],
  messageTokens: [6, 8],
  numCtx: 4096,
  reserved: 1024,
  promptTokens: 14,
  scaleHan: 1,
  scaleOther: 1,
  retrievalMode: 'hybrid',
};

const modelMissing: Problem = {
  code: 'ollama.model_not_found',
  message: { en: 'The model qwen3:4b is not installed in Ollama.', 'zh-CN': 'Ollama 中没有安装模型 qwen3:4b。' },
};

describe('the prompt inspector', () => {
  let shown: Rendered;
  afterEach(() => {
    shown.destroy();
    i18n.locale = 'en';
  });

  const text = () => shown.target.textContent ?? '';

  it('of a request that failed before sending says nothing was sent, and why, instead of zeros', () => {
    shown = render(PromptInspector, { report: unsent, sources: [], problem: modelMissing });
    expect(shown.target.querySelector('[data-testid="not-sent"]')?.textContent).toContain('Nothing was sent to qwen3:4b');
    expect(text()).toContain('The model qwen3:4b is not installed in Ollama.');
    expect(text()).not.toContain('Everything fitted');
    expect(shown.target.querySelector('[data-testid="num-ctx"]')).toBeNull();
  });

  it('of a request that failed after sending shows what was sent, and the failure', () => {
    shown = render(PromptInspector, { report: sent, sources: [], problem: modelMissing });
    expect(shown.target.querySelector('[data-testid="not-sent"]')).toBeNull();
    expect(text()).toContain('The model qwen3:4b is not installed in Ollama.');
    expect(shown.target.querySelector('[data-testid="num-ctx"]')?.textContent).toBe('4096');
  });

  it('shows each passage’s reranker score, and which model gave it', () => {
    const source = (n: number, rerankScore?: number): Source => ({
      n, chunkId: n, kbId: 1, path: `/docs/${n}.md`, displayPath: `/docs/${n}.md`, page: 0, headings: [], text: '', context: '',
      start: 0, end: 0, score: 0.03, rerankScore, tokens: 10, cited: false,
    });
    shown = render(PromptInspector, { report: { ...sent, rerankModel: 'qwen3-reranker' }, sources: [source(1, 0.912), source(2)] });
    const scores = [...shown.target.querySelectorAll('[data-testid="rerank-score"]')].map((td) => td.textContent);
    expect(scores).toEqual(['0.912', '—']);
    expect(text()).toContain('Reranked by qwen3-reranker');
  });

  it('says why the passages were not reranked', () => {
    const timedOut: Problem = {
      code: 'search.rerank_timed_out',
      message: { en: 'The passages are in search order, not reranked', 'zh-CN': '段落按检索顺序排列，未经重排' },
    };
    const source: Source = { n: 1, chunkId: 1, kbId: 1, path: '/a.md', displayPath: '/a.md', page: 0, headings: [], text: '',
      context: '', start: 0, end: 0, score: 0.03, tokens: 10, cited: false };
    shown = render(PromptInspector, { report: { ...sent, rerankProblem: timedOut }, sources: [source] });
    expect(text()).toContain('The passages are in search order, not reranked');
    expect(shown.target.querySelector('[data-testid="rerank-score"]')).toBeNull();
  });

  it('names roles, the search method and units in the person’s language', () => {
    i18n.locale = 'zh-CN';
    shown = render(PromptInspector, { report: sent, sources: [] });
    const roles = [...shown.target.querySelectorAll('summary b')].map((b) => b.textContent);
    expect(roles).toEqual(['系统', '用户']);
    expect(text()).toContain('混合');
    expect(text()).toContain('毫秒');
    expect(text()).not.toMatch(/\b(system|user|hybrid|ms)\b/);
  });

  const named = (...paths: string[]): PromptReport => ({
    ...sent,
    namedFiles: paths.map((path) => ({ kbId: 1, path, field: 'file', name: path })),
  });
  const namedLine = () => shown.target.querySelector('[data-testid="named-files"]')?.textContent;

  it.each([
    ['en', ['/docs/2024年北京市政府工作报告.pdf'], 'Focused on 2024年北京市政府工作报告.pdf, named in the question'],
    ['zh-CN', ['/docs/2024年北京市政府工作报告.pdf'], '问题提到了 2024年北京市政府工作报告.pdf，已优先从中检索'],
    ['en', ['/a/1.md', '/a/2.md', '/a/3.md', '/a/4.md'], 'Focused on 1.md, 2.md, 3.md and 1 more file, named in the question'],
    ['zh-CN', ['/a/1.md', '/a/2.md', '/a/3.md', '/a/4.md', '/a/5.md'], '问题提到了 1.md、2.md、3.md 及另外 2 个文件，已优先从中检索'],
  ] as const)('in %s says which files the question named: %j', (locale, paths, want) => {
    i18n.locale = locale;
    shown = render(PromptInspector, { report: named(...paths), sources: [] });
    expect(namedLine()).toBe(want);
  });

  it('says nothing of named files when the question named none', () => {
    shown = render(PromptInspector, { report: sent, sources: [] });
    expect(namedLine()).toBeUndefined();
  });
});
