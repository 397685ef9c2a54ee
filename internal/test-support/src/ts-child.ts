/**
 * For tests that run workspace code in a child process: the `node`
 * arguments that let a plain child run the TypeScript sources (the
 * `@cache/source` condition, and module hooks that transpile `.ts` files
 * with TypeScript; nothing is type-checked there), so no build is needed.
 * @module
 */
import { fileURLToPath } from 'node:url';

/** `node` arguments (for `fork`'s `execArgv` or `spawn`) to run `.ts` sources of the workspace. */
export function tsChildArgs(): string[] {
  // ts-register.mjs sits at the package root: one level above both src/ and dist/
  return ['--conditions=@cache/source', '--import', fileURLToPath(new URL('../ts-register.mjs', import.meta.url))];
}
