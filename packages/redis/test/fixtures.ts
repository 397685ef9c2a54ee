/**
 * The codec's value fixtures (every type msgpack keeps exactly; a zip bomb):
 * one copy, beside the codec's own tests, so the Redis tier's round trips
 * and the codec's use the same values.
 */
export { richValue, zipBomb } from '../../codec/test/fixtures.js';
