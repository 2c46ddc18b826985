import { clipInput } from './clipInput';

describe('clipInput', () => {
  it('keeps short values whole', () => {
    expect(clipInput('')).toBe('');
    expect(clipInput('x'.repeat(80))).toBe('x'.repeat(80));
  });

  it('cuts long values to 80 characters, the last an ellipsis', () => {
    const clipped = clipInput('y'.repeat(5000));
    expect(clipped).toBe(`${'y'.repeat(79)}…`);
  });

  it('never splits a character outside the basic plane', () => {
    const clipped = clipInput('😀'.repeat(200));
    expect(Array.from(clipped)).toHaveLength(80);
    expect(clipped).toBe(`${'😀'.repeat(79)}…`);
  });
});
