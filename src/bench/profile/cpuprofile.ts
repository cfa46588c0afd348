/**
 * Reading V8 `.cpuprofile` files (written by `node --cpu-prof`, one per thread): self and total time per function,
 * and the call tree merged by function for flame graphs. Times are milliseconds of sampled CPU; `(idle)` is left
 * out, so percentages are of the time the thread was busy.
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

/** The parts of a `.cpuprofile` read here. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  /** Node id of each sample. */
  readonly samples: readonly number[];
  /** Microseconds before each sample. */
  readonly timeDeltas: readonly number[];
}

/** Time of one function. */
export interface FunctionTime {
  /** `file:function`, e.g. `dist/backends/sqlite/sqlite-writer.js:insertRows`. */
  readonly name: string;
  readonly selfMs: number;
  /** Time with the function anywhere on the stack (counted once per sample under recursion). */
  readonly totalMs: number;
}

/** A merged call tree node: one per distinct call path by function. */
export interface FlameNode {
  readonly name: string;
  totalMs: number;
  readonly children: Map<string, FlameNode>;
}

/**
 * Load a profile file.
 *
 * @param file - Path of a `.cpuprofile`.
 * @returns The profile.
 */
export function readCpuProfile(file: string): CpuProfile {
  const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<CpuProfile>;
  if (!Array.isArray(value.nodes) || !Array.isArray(value.samples) || !Array.isArray(value.timeDeltas)) {
    throw new Error(`${file} is not a V8 CPU profile`);
  }
  return value as CpuProfile;
}

/**
 * A file name comparable across builds: `dist/…` or `node_modules/…` instead of the build's own folder (the
 * current build is a frozen copy, the baseline a worktree).
 *
 * @param url - A call frame URL.
 * @returns The short name.
 */
function shortFile(url: string): string {
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + 1);
  const dist = path.lastIndexOf('/dist/');
  return dist >= 0 ? path.slice(dist + 1) : path;
}

function frameName(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  const fn = functionName || '(anonymous)';
  return url ? `${shortFile(url)}:${fn}` : fn;
}

const IGNORED = new Set(['(idle)', '(root)']);

/**
 * Walk every sample with its stack, root first.
 *
 * @param profile - A profile.
 * @param visit - Called with the stack of function names (root first, without `(root)`) and the sample's ms.
 */
function eachSample(profile: CpuProfile, visit: (stack: readonly string[], ms: number) => void): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stacks = new Map<number, string[]>();
  const stackOf = (id: number): string[] => {
    const known = stacks.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const up = parent.get(id);
    const name = frameName(node);
    const stack = [...(up === undefined ? [] : stackOf(up)), ...(IGNORED.has(name) ? [] : [name])];
    stacks.set(id, stack);
    return stack;
  };
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node || frameName(node) === '(idle)') return;
    visit(stackOf(id), (profile.timeDeltas[i] ?? 0) / 1000);
  });
}

/**
 * Self and total time per function over one or more profiles (e.g. the main thread and its workers).
 *
 * @param profiles - Profiles of one process.
 * @returns Functions and the busy time of all threads together, in ms.
 */
export function functionTimes(profiles: readonly CpuProfile[]): { busyMs: number; functions: FunctionTime[] } {
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let busyMs = 0;
  for (const profile of profiles) {
    eachSample(profile, (stack, ms) => {
      busyMs += ms;
      const leaf = stack[stack.length - 1];
      if (leaf !== undefined) self.set(leaf, (self.get(leaf) ?? 0) + ms);
      for (const name of new Set(stack)) total.set(name, (total.get(name) ?? 0) + ms);
    });
  }
  const functions = [...total].map(([name, totalMs]) => ({ name, totalMs, selfMs: self.get(name) ?? 0 }));
  return { busyMs, functions };
}

/**
 * The call tree of a profile merged by function name along each path.
 *
 * @param profile - One profile (one thread).
 * @returns The root (`all`), whose total is the busy time in ms.
 */
export function flameTree(profile: CpuProfile): FlameNode {
  const top: FlameNode = { name: 'all', totalMs: 0, children: new Map() };
  eachSample(profile, (stack, ms) => {
    let node = top;
    node.totalMs += ms;
    for (const name of stack) {
      let child = node.children.get(name);
      if (!child) {
        child = { name, totalMs: 0, children: new Map() };
        node.children.set(name, child);
      }
      child.totalMs += ms;
      node = child;
    }
  });
  return top;
}
