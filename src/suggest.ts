/** "Did you mean": the known word closest to a misspelt one, when it is close enough to be a typo. */
export function closest(word: string, known: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  // A third of the word may be wrong (runn, adress, gmial), never a whole other word.
  return bestDistance > 0 && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/** `did you mean 'x'?` or an empty string. */
export function didYouMean(word: string, known: Iterable<string>): string {
  const match = closest(word, known);
  return match ? `did you mean '${match}'?` : '';
}

/** Damerau-Levenshtein (optimal string alignment): a swapped pair of letters is one typo, not two. */
function distance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}
