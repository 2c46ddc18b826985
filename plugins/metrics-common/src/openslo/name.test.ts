import { openSloName } from './name';

const RFC1123_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

describe('openSloName', () => {
  it('joins the entity and SLO names when that is an RFC 1123 label', () => {
    expect(openSloName('checkout-service', 'availability')).toBe(
      'checkout-service-availability',
    );
    // Entity names are case-insensitive: lowercasing loses nothing.
    expect(openSloName('Checkout', 'availability')).toBe(
      'checkout-availability',
    );
  });

  it('rewrites other names and adds a hash of the original, so they stay apart', () => {
    const dotted = openSloName('checkout', 'latency.p95');
    const underscored = openSloName('checkout', 'latency_p95');
    expect(dotted).toMatch(/^checkout-latency-p95-[0-9a-z]{7}$/);
    expect(underscored).toMatch(/^checkout-latency-p95-[0-9a-z]{7}$/);
    expect(dotted).not.toBe(underscored);
    expect(openSloName('checkout', 'latency-')).toMatch(
      /^checkout-latency-[0-9a-z]{7}$/,
    );
  });

  it('cuts long names to 63 characters, keeping them apart and the same on every call', () => {
    const entity = 'a'.repeat(60);
    const one = openSloName(entity, 'availability');
    const two = openSloName(entity, 'availability-eu');
    for (const name of [one, two]) {
      expect(name).toHaveLength(63);
      expect(name).toMatch(RFC1123_LABEL);
    }
    expect(one).not.toBe(two);
    expect(openSloName(entity, 'availability')).toBe(one);
    // The cut never leaves a "-" before the hash's own.
    expect(openSloName('a'.repeat(54), 'b'.repeat(10))).toMatch(
      /^a{54}-[0-9a-z]{7}$/,
    );
  });
});
