import { describe, expect, it } from 'vitest';
import type { CompareColumn } from '../api';
import { fakeApi } from '../testing/fakes';
import { PromptsStore } from './prompts.svelte';

function column(over: Partial<CompareColumn>): CompareColumn {
  return { compareId: 'c1', column: 0, content: '', done: false, stopped: false, system: '', firstTokenMillis: 0, tokensPerSecond: 0, promptTokens: 0, outputTokens: 0, ...over };
}

describe('PromptsStore', () => {
  it('keeps columns that finished before the comparison call returned', async () => {
    const { api, transport } = fakeApi();
    const store = new PromptsStore(api);
    store.listen();
    store.compareInput = 'x';
    transport.on('Prompts.Compare', () => {
      transport.emit('compare:stream', column({ column: 0, done: true, content: 'a' }));
      transport.emit('compare:stream', column({ column: 1, done: true, content: 'b' }));
      return 'c1';
    });
    await store.compare();
    expect(store.finished).toBe(true);
    expect(store.results[1].content).toBe('b');
  });

  it('marks the best column and keeps the others as rejected', async () => {
    const { api, transport } = fakeApi();
    const store = new PromptsStore(api);
    store.listen();
    store.compareInput = 'input';
    store.columns = [
      { assistantId: 0, model: 'm1', temperature: '' },
      { assistantId: 0, model: 'm2', temperature: '' },
      { assistantId: 0, model: 'm3', temperature: '' },
    ];
    transport.on('Prompts.Compare', () => 'c1').on('Prompts.MarkBest', (p) => ({ ...(p as object), id: 1 }));
    await store.compare();
    transport.emit('compare:stream', column({ column: 0, done: true, content: 'good', system: 's0' }));
    transport.emit('compare:stream', column({ column: 1, done: true, content: 'worse', system: 's1' }));
    transport.emit('compare:stream', column({ column: 2, done: true, content: '', problem: { code: 'x', message: {} } }));
    await store.markBest(0);
    expect(transport.calls.at(-1)?.args[0]).toEqual({
      id: 0,
      source: '',
      createdAt: '',
      input: 'input',
      chosen: { system: 's0', model: 'm1', output: 'good' },
      rejected: [{ system: 's1', model: 'm2', output: 'worse' }],
    });
    expect(store.marked).toBe(0);
  });

  it('sets up a lesson of the gallery as two inline columns', () => {
    const { api } = fakeApi();
    const store = new PromptsStore(api);
    const weak = { name: 'Weak' } as never;
    const strong = { name: 'Strong' } as never;
    store.tryLesson({ title: 't', lesson: 'l', input: 'in', weak, strong });
    expect(store.compareInput).toBe('in');
    expect(store.columns.map((c) => store.columnAssistant(c))).toEqual([weak, strong]);
  });
});
