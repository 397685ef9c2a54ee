// @ts-check
/**
 * With `entryPointStrategy: "packages"`, TypeDoc gives every package the same
 * `packageOptions`. This plugin adds the option `perPackageOptions`
 * (package name → options) and a reader that applies a package's entry when
 * TypeDoc reads that package's options, so the docs app can configure one
 * package without a file inside it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParameterType } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.options.addDeclaration({
    name: 'perPackageOptions',
    help: 'Options for single packages in packages mode, by package name.',
    type: ParameterType.Mixed,
    defaultValue: {},
  });
  const root = app.options;
  app.options.addReader({
    name: 'per-package-options',
    order: 400, // after typedoc.json, package.json and tsconfig readers
    supportsPackages: true,
    read(container, logger, cwd) {
      if (container === root) return;
      const manifest = join(cwd, 'package.json');
      if (!existsSync(manifest)) return;
      const name = JSON.parse(readFileSync(manifest, 'utf8')).name;
      const all = /** @type {Record<string, Record<string, unknown>>} */ (root.getValue('perPackageOptions'));
      for (const [option, value] of Object.entries(all[name] ?? {})) {
        try {
          container.setValue(/** @type {any} */ (option), /** @type {any} */ (value), cwd);
        } catch (error) {
          logger.error(error instanceof Error ? error.message : String(error));
        }
      }
    },
  });
}
