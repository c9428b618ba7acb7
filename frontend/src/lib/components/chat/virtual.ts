/** The slice of a list to render, and the space it leaves above and below. */
export interface Range {
  start: number;
  end: number;
  before: number;
  after: number;
}

/**
 * Picks the items that overlap the viewport, widened by overscan pixels on
 * each side, from each item's (measured or estimated) height.
 */
export function visibleRange(heights: number[], scrollTop: number, viewport: number, overscan: number): Range {
  const top = Math.max(0, scrollTop - overscan);
  const bottom = scrollTop + viewport + overscan;
  let y = 0;
  let start = heights.length;
  let before = 0;
  for (let i = 0; i < heights.length; i++) {
    if (y + heights[i] > top) {
      start = i;
      before = y;
      break;
    }
    y += heights[i];
  }
  let end = start;
  while (end < heights.length && y < bottom) {
    y += heights[end];
    end++;
  }
  let after = 0;
  for (let i = end; i < heights.length; i++) after += heights[i];
  if (start === heights.length) before = y;
  return { start, end, before, after };
}
