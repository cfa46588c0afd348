/**
 * `codira refs NAME [--incoming] [--tree] [--depth N] [--dot] [--module M] [--prefix P]`: the edge command over
 * callable references.
 *
 * @packageDocumentation
 */
import { edgeCommand } from './calls-command.js';

/** The `refs` command. */
export const refsCommand = edgeCommand('refs');
