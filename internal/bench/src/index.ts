/**
 * Benchmark building blocks, exported for the workspace's own tests and
 * for the other benchmark workspaces (command-line parsing, tables, revision).
 * @module
 */
export { seededRandom, type Random } from './random.js';
export { measureLanes, median } from './lanes.js';
export { ZipfGenerator, zipfStream } from './zipf.js';
export { parseTrace, readTrace, readTraceCached, traceName, isGzip, uniqueKeys, type Trace } from './trace/trace.js';
export { convertTrace, traceBytes, TRACE_FORMATS, TraceFormatError, type TraceFormat } from './trace/convert.js';
export { syntheticTrace, parseSyntheticSpec, DEFAULT_SYNTHETIC_SEED, type SyntheticSpec } from './trace/synthetic.js';
export { optimalHits } from './hit-ratio/belady.js';
export { parseReferences, loadReferences, findReference, referenceSizes, bestReference, type TraceReference } from './hit-ratio/references.js';
export { judge, formatAcceptance, type AcceptanceRow } from './hit-ratio/acceptance.js';
export {
  UsageError,
  parseCommandLine,
  runMain,
  splitList,
  positiveIntegers,
  positiveInteger,
  runWorkerProcess,
  pinnableCpu,
  type WorkerProcessOptions,
  checkNames,
  userArgs,
  userPath,
  describeRevision,
  describeMachine,
  formatTable,
  formatRate,
  formatPercent,
  type CommandLineOptions,
  type CommandLineValues,
} from './cli-support.js';
