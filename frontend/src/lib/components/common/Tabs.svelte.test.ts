import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { render, type Rendered } from '../../testing/render';
import Tabs from './Tabs.svelte';

const tabs = [
  { value: 'a', label: 'Alpha' },
  { value: 'b', label: 'Beta' },
  { value: 'c', label: 'Gamma' },
];

describe('Tabs', () => {
  let shown: Rendered | undefined;
  afterEach(() => shown?.destroy());

  it.each([
    ['ArrowRight', 'a', 'b'],
    ['ArrowRight', 'c', 'a'],
    ['ArrowLeft', 'a', 'c'],
    ['ArrowLeft', 'b', 'a'],
    ['Home', 'c', 'a'],
    ['End', 'a', 'c'],
  ])('%s from %s selects and focuses %s', (key, from, to) => {
    const props = $state({ tabs, selected: from, label: 'Views', panelId: 'p' });
    shown = render(Tabs, props);
    const tab = (value: string) => shown!.target.querySelector<HTMLButtonElement>(`#p-${value}`)!;
    tab(from).focus();
    tab(from).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    flushSync();
    expect(props.selected).toBe(to);
    expect(document.activeElement).toBe(tab(to));
    expect(tab(to).getAttribute('aria-selected')).toBe('true');
    expect(tab(to).tabIndex).toBe(0);
    expect(tab(from).getAttribute('aria-selected')).toBe('false');
    expect(tab(from).tabIndex).toBe(-1);
  });

  it('names its list and ties every tab to the panel', () => {
    shown = render(Tabs, { tabs, selected: 'b', label: 'Views', panelId: 'p' });
    const list = shown.target.querySelector('[role="tablist"]')!;
    expect(list.getAttribute('aria-label')).toBe('Views');
    const all = [...list.querySelectorAll('[role="tab"]')];
    expect(all.map((t) => t.textContent)).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(all.every((t) => t.getAttribute('aria-controls') === 'p')).toBe(true);
  });

  it('leaves other keys alone', () => {
    const props = $state({ tabs, selected: 'a', label: 'Views', panelId: 'p' });
    shown = render(Tabs, props);
    const event = new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, cancelable: true });
    shown.target.querySelector('#p-a')!.dispatchEvent(event);
    expect(props.selected).toBe('a');
    expect(event.defaultPrevented).toBe(false);
  });
});
