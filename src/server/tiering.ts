/**
 * When V8 optimises the server's request path.
 *
 * V8 compiles a function with its optimising compiler (TurboFan) once the function has run a budget of bytecode, and
 * waits a number of calls after any change of its type feedback before it does. Node 20's defaults (V8 11.3: 67 584
 * bytes of bytecode per check, 500 calls after a feedback change) suit a short process. A request runs each function
 * of its path once, so in a fresh server the compiles trickle in for thousands of requests: on the development
 * machine a TurboFan job every 10–30 requests through the first 1 400 `sym` requests, each 0.3–46 ms on a background
 * thread that takes a core from the request and the client on two cores; and the path stays half-optimised meanwhile.
 * With a budget of 8 192 bytes and 50 calls the compiles come in the first ~300 requests and then stop, and a request
 * of `sym` or `calls` costs 17–38 % less CPU from then on (`docs/process/issue-14-execution.md`, session 14).
 *
 * The flags are set at run time, after the server's first answer (so start-up compiles nothing extra), and only on
 * the V8 they were measured on: flag names and defaults change between V8 versions, and an unknown flag would only
 * print an error.
 *
 * @packageDocumentation
 */
import { setFlagsFromString } from 'node:v8';
import { isMeasuredV8 } from '../core/measured-v8.js';

/** The tiering of a long-lived server (V8 11.3, Node 20). */
export const SERVER_TIERING_FLAGS: readonly string[] = [
  '--interrupt-budget=8192',
  '--minimum-invocations-after-ic-update=50',
];

/**
 * The tiering flags for a V8 version.
 *
 * @param v8Version - `process.versions.v8`.
 * @returns The server's flags on V8 11 (Node 20), none elsewhere.
 */
export function tieringFlags(v8Version: string): readonly string[] {
  return isMeasuredV8(v8Version) ? SERVER_TIERING_FLAGS : [];
}

/**
 * Make V8 optimise hot functions sooner for the rest of this process's life.
 *
 * @param set - Sets one V8 flag (`v8.setFlagsFromString`).
 * @param v8Version - The running V8's version.
 * @returns The flags set.
 */
export function tuneTiering(
  set: (flag: string) => void = setFlagsFromString,
  v8Version: string = process.versions.v8,
): readonly string[] {
  const flags = tieringFlags(v8Version);
  for (const flag of flags) set(flag);
  return flags;
}
