// @ts-check
/**
 * Package names such as "the @cache tiers" appear in prose in the packages'
 * doc comments; TSDoc reads "@cache" there as the start of an unknown block
 * tag and would cut the sentence in two. This plugin declares "@cache" as a
 * block tag (typedoc.config.mjs adds it to `blockTags`, so it is not
 * reported) and, before links are resolved, glues
 * every such tag back into the text it was cut from.
 */
import { Converter, ReflectionKind } from 'typedoc';

/** Words that read as tags in prose. */
export const PROSE_TAGS = ['@cache'];

/** @param {import('typedoc').Comment | undefined} comment */
function mend(comment) {
  if (!comment || !comment.blockTags.some((t) => PROSE_TAGS.includes(t.tag))) return;
  /** @type {import('typedoc').CommentTag[]} */
  const kept = [];
  for (const tag of comment.blockTags) {
    if (!PROSE_TAGS.includes(tag.tag)) {
      kept.push(tag);
      continue;
    }
    const target = kept.length === 0 ? comment.summary : /** @type {import('typedoc').CommentTag} */ (kept.at(-1)).content;
    const last = target.at(-1);
    const gap = last && last.kind === 'text' && !/\s$/.test(last.text) ? ' ' : '';
    target.push({ kind: 'text', text: `${gap}${tag.tag} ` }, ...tag.content);
  }
  comment.blockTags = kept;
  comment.summary = mergeText(comment.summary);
  for (const tag of kept) tag.content = mergeText(tag.content);
}

/** @param {import('typedoc').CommentDisplayPart[]} parts */
function mergeText(parts) {
  /** @type {import('typedoc').CommentDisplayPart[]} */
  const out = [];
  for (const part of parts) {
    const prev = out.at(-1);
    if (prev && prev.kind === 'text' && part.kind === 'text') out[out.length - 1] = { kind: 'text', text: prev.text + part.text };
    else out.push(part);
  }
  return out;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    mend(context.project.comment);
    for (const reflection of context.project.getReflectionsByKind(ReflectionKind.All)) {
      mend(reflection.comment);
      if ('signatures' in reflection && Array.isArray(reflection.signatures)) for (const s of reflection.signatures) mend(s.comment);
    }
  });
}
