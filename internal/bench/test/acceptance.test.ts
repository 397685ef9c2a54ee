import { describe, expect, it } from 'vitest';
import { bestReference, judge, parseReferences } from '../src/index.js';

const README = `# traces

| file | requests |
|---|--:|
| a.keys.gz | 10 |

| trace | size | opt | lru | arc | w-tinylfu (1% window) | best reference |
|--:|--:|--:|--:|--:|--:|--:|
| loop | 256 | 25.27 | 0.00 | 0.00 | 21.39 | 21.39 (w-tinylfu 1%) |
| 2-pools | 4000 | 83.07 | 68.52 | 68.53 | 68.58 | 68.62 (lfu) |
| broken | x | 1 | 2 | 3 | 4 | 5 |

After the table.
`;

describe('the traces README table', () => {
  it('is read by its header, with the best-reference cell even when that policy has no column', () => {
    const rows = parseReferences(README);
    expect(rows.map((r) => `${r.trace}@${r.size}`)).toEqual(['loop@256', '2-pools@4000']);
    expect(rows[0]).toMatchObject({ file: 'loop.keys.gz', opt: 25.27, policies: { lru: 0, arc: 0, 'w-tinylfu (1% window)': 21.39 } });
    expect(bestReference(rows[1]!)).toEqual({ policy: 'lfu', hitRatio: 68.62 });
  });

  it('judges a cell by mean ≥ best − 1, mean ≥ lru − 1 and min ≥ best − 2', () => {
    const [loop] = parseReferences(README);
    const cell = (mean: number, min: number) => judge(loop!, 'w-tinylfu', { mean: mean / 100, min: min / 100, max: mean / 100, runs: 5 }, 0);
    expect(cell(20.5, 19.5)).toMatchObject({ meanVsBest: true, meanVsLru: true, minVsBest: true, pass: true });
    expect(cell(20.3, 19.5)).toMatchObject({ meanVsBest: false, pass: false });
    expect(cell(20.5, 19.3)).toMatchObject({ meanVsBest: true, minVsBest: false, pass: false });
  });
});
