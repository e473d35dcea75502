/**
 * A line diff for showing a config file change before it is written: the
 * longest common subsequence of lines (config files are short, so the
 * quadratic table is fine), then hunks with a few lines of context.
 */

export type DiffLine =
  | { kind: "same"; text: string; oldLine: number; newLine: number }
  | { kind: "removed"; text: string; oldLine: number }
  | { kind: "added"; text: string; newLine: number };

/** Lines of a file: a final newline ends the last line instead of starting an empty one. */
function linesOf(text: string): string[] {
  if (text === "") return [];
  return (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
}

/** Every line of both texts in order, each marked same, removed (only in `before`) or added (only in `after`). */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = linesOf(before);
  const b = linesOf(after);
  // common[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ kind: "same", text: a[i]!, oldLine: i + 1, newLine: j + 1 });
      i++;
      j++;
    } else if (j < b.length && (i === a.length || common[i]![j + 1]! >= common[i + 1]![j]!)) {
      out.push({ kind: "added", text: b[j]!, newLine: j + 1 });
      j++;
    } else {
      out.push({ kind: "removed", text: a[i]!, oldLine: i + 1 });
      i++;
    }
  }
  return reorderRemovalsFirst(out);
}

/** Within each run of changes, removals before additions, as people read a diff. */
function reorderRemovalsFirst(lines: DiffLine[]): DiffLine[] {
  const out: DiffLine[] = [];
  let run: DiffLine[] = [];
  const flush = () => {
    out.push(...run.filter((l) => l.kind === "removed"), ...run.filter((l) => l.kind === "added"));
    run = [];
  };
  for (const line of lines) {
    if (line.kind === "same") {
      flush();
      out.push(line);
    } else {
      run.push(line);
    }
  }
  flush();
  return out;
}

export function hasChanges(diff: readonly DiffLine[]): boolean {
  return diff.some((l) => l.kind !== "same");
}

/**
 * The changed lines with up to `context` unchanged lines around them, split
 * into hunks where unchanged stretches are longer than that. No changes, no hunks.
 */
export function diffHunks(diff: readonly DiffLine[], context = 2): DiffLine[][] {
  const keep = diff.map(() => false);
  diff.forEach((line, index) => {
    if (line.kind === "same") return;
    for (let k = Math.max(0, index - context); k <= Math.min(diff.length - 1, index + context); k++) keep[k] = true;
  });
  const hunks: DiffLine[][] = [];
  let current: DiffLine[] | null = null;
  diff.forEach((line, index) => {
    if (!keep[index]) {
      current = null;
      return;
    }
    if (!current) {
      current = [];
      hunks.push(current);
    }
    current.push(line);
  });
  return hunks;
}
