import { useEffect, useState } from 'react';

/**
 * Which of `count` slides is on: the next one every `slideSeconds`, round and round. When
 * the number of slides changes (a refresh emptied one), the index stays within range.
 */
export function useSlideCycle(count: number, slideSeconds: number): number {
  const [index, setIndex] = useState(0);
  useEffect(() => {
    if (count < 2) return undefined;
    const timer = setInterval(
      () => setIndex(i => (i + 1) % count),
      slideSeconds * 1000,
    );
    return () => clearInterval(timer);
  }, [count, slideSeconds]);
  return count > 0 ? index % count : 0;
}
