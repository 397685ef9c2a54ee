// @ts-check
/**
 * A package with several exports (`@cache/core` has `.` and `./testing`)
 * becomes one module per export, and TypeDoc names the `.` module "" (an
 * empty page title and an unreachable link target). This plugin merges that
 * main module into its package, so `@cache/core` lists its own API and
 * `@cache/core/testing` stays a submodule, and `{@link "@cache/core"!isCacheError}`
 * resolves the same way for every package.
 */
import { Comment, CommentTag, Converter, ReflectionKind } from 'typedoc';

const MAIN_NAMES = new Set(['', '.', 'index']);

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(
    Converter.EVENT_RESOLVE_BEGIN,
    (context) => {
      const modules = context.project.children ?? [];
      if (modules.length < 2) return;
      for (const module of modules) {
        if (!module.kindOf(ReflectionKind.Module) || !MAIN_NAMES.has(module.name)) continue;
        module.comment ??= new Comment();
        module.comment.blockTags.push(new CommentTag('@mergeModuleWith', [{ kind: 'text', text: '<project>' }]));
      }
    },
    // before TypeDoc's own @mergeModuleWith handling (priority 10000)
    20_000,
  );
}
