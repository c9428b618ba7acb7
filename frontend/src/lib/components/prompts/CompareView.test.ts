import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { createStores } from '../../stores';
import { fakeApi } from '../../testing/fakes';
import { render, type Rendered } from '../../testing/render';
import CompareView from './CompareView.svelte';

describe('prompt compare', () => {
  let shown: Rendered;
  afterEach(() => shown.destroy());

  it('renders each column’s answer as Markdown, as the chat does', () => {
    const { api, transport } = fakeApi();
    const stores = createStores(api);
    const stop = stores.prompts.listen();
    stores.prompts.compareId = 'c1';
    transport.emit('compare:stream', {
      compareId: 'c1',
      column: 0,
      content: '**Three points**\n\n- first\n- second\n\n`code`',
      done: true,
      stopped: false,
      system: '',
      firstTokenMillis: 120,
      tokensPerSecond: 30,
      promptTokens: 40,
      outputTokens: 12,
    });
    shown = render(CompareView, {}, stores);
    flushSync();
    const output = shown.target.querySelector('[data-column="0"] [data-testid="output"]');
    expect(output?.querySelector('strong')?.textContent).toBe('Three points');
    expect([...(output?.querySelectorAll('li') ?? [])].map((li) => li.textContent)).toEqual(['first', 'second']);
    expect(output?.textContent).not.toContain('**');
    stop();
  });
});
