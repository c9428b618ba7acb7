import { afterEach, describe, expect, it } from 'vitest';
import type { Answer, Chat, PromptReport, Source } from '../../api';
import { createStores } from '../../stores';
import { fakeApi } from '../../testing/fakes';
import { gbkFile } from '../../testing/files';
import { render, type Rendered } from '../../testing/render';
import PromptInspector from './PromptInspector.svelte';
import SourcePanel from './SourcePanel.svelte';
import TurnView from './TurnView.svelte';

const source: Source = {
  n: 1,
  chunkId: 5,
  kbId: 1,
  path: gbkFile.path,
  displayPath: gbkFile.displayPath,
  page: 2,
  headings: [],
  text: '兵马俑位于西安。',
  context: '兵马俑位于西安。',
  start: 0,
  end: 8,
  score: 0.03,
  tokens: 8,
  cited: true,
};

const answer: Answer = { id: 10, turnId: 1, content: '在西安 [1]。', status: 'done', model: 'm', sources: [source], rating: 0, createdAt: '' };

const chat: Chat = {
  id: 7,
  title: '兵马俑',
  kbIds: [1],
  settings: { model: '', numCtx: 0, sources: 0 },
  pinned: false,
  createdAt: '',
  updatedAt: '',
  turns: [{ id: 1, chatId: 7, question: '兵马俑在哪里？', answers: [answer], chosen: 10, createdAt: '' }],
};

const report: PromptReport = {
  model: 'm',
  queries: null,
  messages: null,
  messageTokens: null,
  modelContext: 0,
  numCtx: 4096,
  reserved: 1024,
  promptTokens: 100,
  reportedPromptTokens: 0,
  outputTokens: 0,
  scaleHan: 1,
  scaleOther: 1,
  left: null,
  modelMillis: 0,
  retrievalMillis: 0,
  promptMillis: 0,
  firstTokenMillis: 0,
  totalMillis: 0,
};

describe('a cited file whose name is not UTF-8', () => {
  let shown: Rendered;
  afterEach(() => shown.destroy());

  function withStores(selected: number | null) {
    const { api, transport } = fakeApi();
    transport.on('Search.OpenFile', () => null).on('Chats.Ask', () => chat.turns![0]);
    const stores = createStores(api);
    stores.chats.current = structuredClone(chat);
    stores.chats.select(1, 10, selected);
    return { stores, transport };
  }

  function button(text: string): HTMLButtonElement {
    const found = [...shown.target.querySelectorAll('button')].find((b) => b.textContent?.includes(text));
    if (!found) throw new Error(`no button ${text}`);
    return found;
  }

  it('is cited under the answer by the name people read', () => {
    shown = render(TurnView, { turn: chat.turns![0] }, withStores(null).stores);
    const chip = shown.target.querySelector('.sources .chip');
    expect(chip?.textContent?.trim()).toBe('1 中文.txt · p. 2');
    expect(chip?.getAttribute('title')).toBe(gbkFile.displayPath);
  });

  it('is listed by the name people read', () => {
    shown = render(SourcePanel, { answer }, withStores(null).stores);
    expect(shown.target.querySelector('.source .name')?.textContent).toBe('中文.txt · p. 2');
  });

  it('is shown readably, and opened and read whole by its key', async () => {
    const { stores, transport } = withStores(1);
    shown = render(SourcePanel, { answer }, stores);
    expect(shown.target.querySelector('h3')?.textContent).toBe('1 中文.txt');
    expect(shown.target.querySelector('.path')?.textContent).toBe(`${gbkFile.displayPath} · p. 2`);
    button('Open').click();
    button('Summarise').click();
    await Promise.resolve();
    expect(transport.calls.map((c) => [c.method, c.args])).toEqual([
      ['OpenFile', [gbkFile.path, 2]],
      ['Ask', [{ chatId: 7, question: 'Summarise 中文.txt', documents: [gbkFile.path] }]],
    ]);
  });

  it('is named readably in the prompt inspector', () => {
    shown = render(PromptInspector, { report, sources: [source] });
    const cell = shown.target.querySelector('tbody td:nth-child(2)');
    expect(cell?.textContent).toBe('中文.txt · p. 2 ✓');
    expect(cell?.getAttribute('title')).toBe(gbkFile.displayPath);
  });
});
