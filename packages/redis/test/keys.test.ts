import { describe, expect, it } from 'vitest';
import { escapeGlob, KeyNamespace } from '../src/tier/keys.js';

describe('key namespace', () => {
  it('joins prefix and key with a colon, or uses the key alone without a prefix', () => {
    expect(new KeyNamespace('users').key('42')).toBe('users:42');
    expect(new KeyNamespace('').key('42')).toBe('42');
    expect(new KeyNamespace('p').keys(['a', 'b'])).toEqual(['p:a', 'p:b']);
  });

  it('escapes every Redis glob character', () => {
    expect(escapeGlob('a*b?c[d]e\\f')).toBe('a\\*b\\?c\\[d\\]e\\\\f');
    expect(escapeGlob('plain:prefix')).toBe('plain:prefix');
  });

  it('builds a MATCH pattern that matches only the namespace', () => {
    expect(new KeyNamespace('te*st').matchPattern()).toBe('te\\*st:*');
    expect(new KeyNamespace('p').matchPattern('user[1]')).toBe('p:user\\[1\\]*');
  });
});
