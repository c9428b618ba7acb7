import { createRawSnippet } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { render, type Rendered } from '../../testing/render';
import Field, { type FieldControl } from './Field.svelte';

// An input given the attributes the field hands its control.
const input = createRawSnippet((control: () => FieldControl) => ({
  render: () => '<input type="text" />',
  setup: (el) => {
    for (const [name, value] of Object.entries(control())) if (value !== undefined) el.setAttribute(name, String(value));
  },
}));

describe('Field', () => {
  let shown: Rendered | undefined;
  afterEach(() => shown?.destroy());

  it.each([
    { name: 'label only', hint: '', error: '', describedBy: [], invalid: null },
    { name: 'a hint', hint: 'Where your notes are', error: '', describedBy: ['Where your notes are'], invalid: null },
    { name: 'an error', hint: '', error: 'No such folder', describedBy: ['No such folder'], invalid: 'true' },
    { name: 'a hint and an error', hint: 'Where your notes are', error: 'No such folder', describedBy: ['Where your notes are', 'No such folder'], invalid: 'true' },
  ])('with $name, ties the control to its label and what is said of it', ({ hint, error, describedBy, invalid }) => {
    shown = render(Field, { label: 'Folder', hint, error, children: input });
    const control = shown.target.querySelector('input')!;
    expect(control.labels?.[0]?.textContent).toBe('Folder');
    const said = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
    expect(said.map((id) => document.getElementById(id)?.textContent)).toEqual(describedBy);
    expect(control.getAttribute('aria-invalid')).toBe(invalid);
  });
});
