/**
 * ISBN check digits (ISO 2108): ISBN-13 weights 1,3,1,3…, sum ≡ 0 mod 10; ISBN-10 weights 10…1,
 * sum ≡ 0 mod 11, X = 10 in the last place. Hyphens and spaces are ignored, an "ISBN" prefix too.
 * Written by hand: the check is four lines and no dependency is worth it.
 */
export function isbnDigits(text: string): string {
  return text.replace(/^\s*ISBN[-:：\s]*/i, '').replace(/[-\s]/g, '').toUpperCase();
}

/** What is wrong with an ISBN, or undefined when it is a valid ISBN-10 or ISBN-13. */
export function isbnProblem(text: string): string | undefined {
  const digits = isbnDigits(text);
  if (/^\d{13}$/.test(digits)) {
    if (!/^97[89]/.test(digits)) return 'an ISBN-13 starts with 978 or 979';
    const sum = [...digits].reduce((total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 1 : 3), 0);
    return sum % 10 === 0 ? undefined : `the check digit should be ${(10 - ((sum - Number(digits[12])) % 10)) % 10}, not ${digits[12]}`;
  }
  if (/^\d{9}[\dX]$/.test(digits)) {
    const sum = [...digits].reduce((total, digit, index) => total + (digit === 'X' ? 10 : Number(digit)) * (10 - index), 0);
    return sum % 11 === 0 ? undefined : 'the check digit (last character) does not match';
  }
  return 'an ISBN has 13 digits (or 10, the last of which may be X)';
}
