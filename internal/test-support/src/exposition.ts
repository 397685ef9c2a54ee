/**
 * A strict parser of the Prometheus text format 0.0.4, for tests (the stats
 * package's, and the docs' examples that serve /metrics): it throws on any
 * line the spec does not allow, and checks the family rules (one TYPE per
 * family before its samples, samples of a family contiguous, histogram
 * series with ascending le, a +Inf bucket equal to _count, cumulative
 * counts).
 * @module
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
export interface ParsedFamily {
  name: string;
  type: string;
  help: string | undefined;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*';
const VALUE = String.raw`(?:[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|[+-]Inf|NaN)`;
const LABEL_VALUE = String.raw`"(?:[^"\\\n]|\\[\\"n])*"`;
const SAMPLE = new RegExp(String.raw`^(${NAME})(?:\{((?:${LABEL}=${LABEL_VALUE})(?:,${LABEL}=${LABEL_VALUE})*,?)?\})? (${VALUE})(?: -?\d+)?$`);
const HELP = new RegExp(String.raw`^# HELP (${NAME}) ((?:[^\\\n]|\\[\\n])*)$`);
const TYPE = new RegExp(String.raw`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const PAIR = new RegExp(String.raw`(${LABEL})=(${LABEL_VALUE})`, 'g');

const unescape = (s: string) => s.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
const number = (s: string) => (s === '+Inf' ? Infinity : s === '-Inf' ? -Infinity : Number(s));

export function parseExposition(text: string): ParsedFamily[] {
  if (text !== '' && !text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  const families: ParsedFamily[] = [];
  const byName = new Map<string, ParsedFamily>();
  let current: ParsedFamily | undefined;
  const lines = text.split('\n').slice(0, -1);
  for (const [i, line] of lines.entries()) {
    const where = `line ${i + 1}: ${JSON.stringify(line)}`;
    let m: RegExpExecArray | null;
    if ((m = HELP.exec(line))) {
      const family = familyFor(m[1]!, where);
      if (family.help !== undefined) throw new Error(`second HELP, ${where}`);
      family.help = unescape(m[2]!);
    } else if ((m = TYPE.exec(line))) {
      const family = familyFor(m[1]!, where);
      if (family.type !== '' || family.samples.length > 0) throw new Error(`TYPE must come once, before the samples, ${where}`);
      family.type = m[2]!;
    } else if ((m = SAMPLE.exec(line))) {
      const name = m[1]!;
      const family = current;
      const base = family?.type === 'histogram' ? name.replace(/_(bucket|sum|count)$/, '') : name;
      if (family === undefined || family.name !== base) throw new Error(`sample outside its family, ${where}`);
      const labels: Record<string, string> = {};
      for (const [, label, quoted] of (m[2] ?? '').matchAll(PAIR)) {
        if (label! in labels) throw new Error(`duplicate label ${label}, ${where}`);
        labels[label!] = unescape(quoted!.slice(1, -1));
      }
      family.samples.push({ name, labels, value: number(m[3]!) });
    } else if (line.startsWith('#') || line === '') {
      continue;
    } else {
      throw new Error(`not a valid line, ${where}`);
    }
  }
  for (const family of families) if (family.type === 'histogram') checkHistogram(family);
  return families;

  function familyFor(name: string, where: string): ParsedFamily {
    let family = byName.get(name);
    if (family === undefined) {
      family = { name, type: '', help: undefined, samples: [] };
      byName.set(name, family);
      families.push(family);
    } else if (family !== current) {
      throw new Error(`family ${name} is not contiguous, ${where}`);
    }
    current = family;
    return family;
  }
}

function checkHistogram(family: ParsedFamily): void {
  const series = new Map<string, Sample[]>();
  for (const sample of family.samples) {
    const { le: _le, ...rest } = sample.labels;
    const key = JSON.stringify(rest);
    series.set(key, [...(series.get(key) ?? []), sample]);
  }
  for (const [key, samples] of series) {
    const buckets = samples.filter((s) => s.name.endsWith('_bucket'));
    const count = samples.find((s) => s.name.endsWith('_count'));
    if (!samples.some((s) => s.name.endsWith('_sum')) || count === undefined) throw new Error(`histogram series ${key} lacks _sum or _count`);
    const les = buckets.map((b) => number(b.labels.le ?? 'missing'));
    if (les.some(Number.isNaN) || les.at(-1) !== Infinity) throw new Error(`histogram series ${key} needs le labels ending with +Inf`);
    for (let i = 1; i < buckets.length; i++) {
      if (!(les[i]! > les[i - 1]!) || buckets[i]!.value < buckets[i - 1]!.value) throw new Error(`histogram series ${key}: buckets must ascend and be cumulative`);
    }
    if (buckets.at(-1)!.value !== count.value) throw new Error(`histogram series ${key}: +Inf bucket differs from _count`);
  }
}
