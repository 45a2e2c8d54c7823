/** Index of the first element not less than the key (pure binary search). */
export function lowerBound<T>(items: readonly T[], key: T, compare: (a: T, b: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(items[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
