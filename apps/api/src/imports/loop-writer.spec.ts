import { describe, expect, it } from '@jest/globals';
import { javaDouble, javaFixed4, loopFolderName } from './loop-writer.js';

describe('Java number formatting, as Loop writes numbers', () => {
  it.each([
    [8, '8.0'],
    [0.25, '0.25'],
    [2.5, '2.5'],
    [1234567.5, '1234567.5'],
    [0, '0.0'],
    [1e7, '1.0E7'],
    [123456789, '1.23456789E8'],
    [0.0001, '1.0E-4'],
    [0.001, '0.001'],
  ])('Double.toString(%p) is %p', (value, expected) => {
    expect(javaDouble(value)).toBe(expected);
  });

  it.each([
    [0, '0.0000'],
    [1, '1.0000'],
    [0.25569999, '0.2557'],
    // Ties round half up on the shortest decimal, where toFixed rounds the binary value (0.00005 is just above).
    [0.00015, '0.0002'],
    [1.00005, '1.0001'],
    [0.12344999, '0.1234'],
    [0.99999, '1.0000'],
    [0.000049, '0.0000'],
    [4.9e-7, '0.0000'],
    [-0.00001, '0.0000'],
    [0.12346, '0.1235'],
    [0.5, '0.5000'],
  ])('String.format("%%.4f", %p) is %p', (value, expected) => {
    expect(javaFixed4(value)).toBe(expected);
  });
});

describe(loopFolderName.name, () => {
  it('keeps only ASCII letters, digits and " ._-", as Loop names its export folders', () => {
    expect(loopFolderName(1, 'Run, "fast"')).toBe('001 Run fast');
    expect(loopFolderName(12, '読書 📚')).toBe('012');
    expect(loopFolderName(3, 'x'.repeat(120))).toBe(`003 ${'x'.repeat(100)}`);
  });
});
