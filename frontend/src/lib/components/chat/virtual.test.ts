import { describe, expect, it } from 'vitest';
import { visibleRange } from './virtual';

describe('visibleRange', () => {
  const heights = Array.from({ length: 2000 }, (_, i) => (i % 2 ? 100 : 200));

  it.each([
    // scrollTop, viewport, overscan → start, end
    [0, 600, 0, 0, 4],
    [300, 600, 0, 2, 6],
    [149_000, 2000, 0, 993, 1007],
    [300, 600, 300, 0, 8],
    [298_000, 2000, 0, 1986, 2000],
  ])('at %d with a %dpx viewport and %dpx overscan renders %d–%d', (top, vp, over, start, end) => {
    const r = visibleRange(heights, top, vp, over);
    expect([r.start, r.end]).toEqual([start, end]);
    const rendered = heights.slice(r.start, r.end).reduce((a, b) => a + b, 0);
    expect(r.before + rendered + r.after).toBe(300_000);
  });

  it('handles an empty list', () => {
    expect(visibleRange([], 0, 500, 100)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });
});
