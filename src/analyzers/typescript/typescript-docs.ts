/**
 * JSDoc/TSDoc comments: which `/** … *\/` comment documents a declaration, its text without comment markers, and
 * the tags the audit reads (`@param`, `@returns`).
 *
 * @packageDocumentation
 */
import type { Comment } from 'oxc-parser';
import type { SourceText } from './typescript-source.js';

/** Tags that mark a file-level doc comment. */
const MODULE_DOC_TAGS = ['@packageDocumentation', '@module', '@fileoverview'];

/** The tags of one doc comment that the audit checks. */
export interface DocTags {
  /** Names given to `@param` tags, as written (`options.timeout` stays dotted). */
  readonly params: readonly string[];
  /** Whether a `@returns` or `@return` tag is present. */
  readonly hasReturns: boolean;
}

/** Start offset and parameters of one signature of an overloaded declaration. */
export interface Signature<P> {
  readonly start: number;
  readonly params: P;
}

/** Finds the doc comment of a declaration by binary search over the file's comments (sorted by offset). */
export class DocComments {
  private readonly comments: readonly Comment[];
  private readonly source: SourceText;
  /** Start of the file doc comment, never handed out as a declaration's doc. */
  private moduleDocStart = -1;

  /**
   * @param comments - All comments of the file in source order, as oxc-parser returns them.
   * @param source - The file text.
   */
  constructor(comments: readonly Comment[], source: SourceText) {
    this.comments = comments;
    this.source = source;
  }

  /**
   * The file doc: the first JSDoc comment before the first statement that carries `@packageDocumentation`,
   * `@module` or `@fileoverview`.
   *
   * @param firstStatementStart - Start of the first statement (the text length for an empty file).
   * @returns The cleaned doc text, or `null`.
   */
  moduleDoc(firstStatementStart: number): string | null {
    for (const comment of this.comments) {
      if (comment.start >= firstStatementStart) break;
      if (isJsDoc(comment) && MODULE_DOC_TAGS.some((tag) => comment.value.includes(tag))) {
        this.moduleDocStart = comment.start;
        return cleanDocComment(comment.value);
      }
    }
    return null;
  }

  /**
   * The JSDoc comment that immediately precedes `offset`: the nearest `/**` comment separated from it only by
   * whitespace and other comments (e.g. an eslint directive between the doc and the declaration).
   *
   * @param offset - Start of the declaration including its `export` keyword and decorators.
   * @returns The raw comment text between the markers, or `null`.
   */
  before(offset: number): string | null {
    const comments = this.comments;
    let lo = 0;
    let hi = comments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((comments[mid] as Comment).end <= offset) lo = mid + 1;
      else hi = mid;
    }
    let cursor = offset;
    for (let k = lo - 1; k >= 0; k--) {
      const comment = comments[k] as Comment;
      if (!this.source.isBlank(comment.end, cursor)) return null;
      if (isJsDoc(comment)) return comment.start === this.moduleDocStart ? null : comment.value;
      cursor = comment.start;
    }
    return null;
  }

  /**
   * The doc comment of a declaration with overload signatures: the implementation's, else the first signature's
   * that has one. Its `@param` tags are checked against that signature's parameters.
   *
   * @param implementation - The implementation.
   * @param signatures - The overload signatures before it, in source order.
   * @returns The raw doc text (or `null`) and the parameters of the signature carrying it.
   */
  overloaded<P>(implementation: Signature<P>, signatures: readonly Signature<P>[]): { doc: string | null; params: P } {
    let doc = this.before(implementation.start);
    let params = implementation.params;
    for (let k = 0; doc === null && k < signatures.length; k++) {
      const signature = signatures[k] as Signature<P>;
      doc = this.before(signature.start);
      params = signature.params;
    }
    return { doc, params };
  }
}

/**
 * Whether a comment is a doc comment: `/** … *\/` but not `/*** … *\/` (TypeScript's own convention).
 *
 * @param comment - A comment from the parser.
 * @returns `true` for JSDoc comments.
 */
function isJsDoc(comment: Comment): boolean {
  return comment.type === 'Block' && comment.value.startsWith('*') && !comment.value.startsWith('**');
}

/**
 * Doc text without comment markers: the leading `*` of every line and one space after it are removed, lines are
 * right-trimmed, and the whole is trimmed. Indentation after the `* ` (code examples) is kept.
 *
 * @param value - Comment text between `/*` and `*\/`, as oxc-parser reports it (starts with `*`).
 * @returns The cleaned text, possibly empty.
 */
export function cleanDocComment(value: string): string {
  const lines = value.slice(1).split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] as string).trimEnd().trimStart();
    if (line.startsWith('*')) line = line.startsWith('* ') ? line.slice(2) : line.slice(1);
    lines[i] = line;
  }
  return lines.join('\n').trim();
}

/** `@param name`, `@param {type} name`, `@param [name]`, `@param [name=default]`, `@param name - text`. */
const PARAM_TAG = /@param\s+(?:\{[^}\n]*\}\s*)?\[?\s*([A-Za-z_$][\w$]*(?:\.[\w$]+)*)/g;
const RETURNS_TAG = /@returns?(?![\w$])/;

/**
 * Read the tags the audit checks from a doc comment.
 *
 * @param value - Raw comment text (cleaned or not; only tag positions matter).
 * @returns Parameter names and whether a returns tag is present.
 */
export function readDocTags(value: string): DocTags {
  const params: string[] = [];
  for (const match of value.matchAll(PARAM_TAG)) params.push(match[1] as string);
  return { params, hasReturns: RETURNS_TAG.test(value) };
}
