/**
 * Attribute macros (`asmlinkage`, `__init`, `__sched`, `__attribute__((…))`, `__printf(1, 2)`…) expand to compiler
 * attributes or to nothing, but unexpanded they defeat the C grammar: the kernel's
 * `asmlinkage __visible void __sched schedule(void)` parses as declarations of `__visible` and `__sched`, losing the
 * function. Blanking them with spaces before parsing (the way ctags' `-I` ignore list works) keeps every offset and
 * line, so signatures and doc comments are still sliced from the original text.
 *
 @packageDocumentation
 */

/** Attribute-like macros of the Linux kernel and GCC, blanked wherever they appear in code. */
const ATTRIBUTE_MACROS = [
  '__attribute__',
  '__attribute',
  '__declspec',
  'asmlinkage',
  '__visible',
  '__sched',
  'notrace',
  '__init',
  '__exit',
  '__initdata',
  '__initconst',
  '__exitdata',
  '__ref',
  '__cold',
  '__hot',
  '__weak',
  '__pure',
  '__noreturn',
  'noinline',
  '__always_inline',
  'noinstr',
  '__must_check',
  '__maybe_unused',
  '__always_unused',
  '__read_mostly',
  '__ro_after_init',
  '__user',
  '__kernel',
  '__iomem',
  '__percpu',
  '__rcu',
  '__force',
  '__nocast',
  '__bitwise',
  '__safe',
  '__latent_entropy',
  '__randomize_layout',
  '__packed',
  '__aligned',
  '__section',
  '__printf',
  '__scanf',
  '__acquires',
  '__releases',
  '__must_hold',
  '__cacheline_aligned',
  '__cacheline_aligned_in_smp',
  '____cacheline_aligned',
  '____cacheline_aligned_in_smp',
];

/**
 * Comments and string or character literals (left alone), or an attribute macro with its optional argument list
 * (two levels of parentheses, enough for `__attribute__((aligned(8)))`).
 */
const TOKENS = new RegExp(
  String.raw`\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|` +
    String.raw`\b(?:${ATTRIBUTE_MACROS.join('|')})\b(?:\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))?`,
  'g',
);

/**
 * The source with attribute macros replaced by spaces (newlines kept), comments and literals untouched.
 *
 * @param source - C source.
 * @returns Text of the same length and lines.
 */
export function blankAttributeMacros(source: string): string {
  if (!/\b(?:__|asmlinkage|notrace|noinline|noinstr)/.test(source)) return source;
  return source.replace(TOKENS, (token) =>
    token.startsWith('/') || token.startsWith('"') || token.startsWith("'") ? token : token.replace(/[^\n]/g, ' '),
  );
}
