/**
 * Boundary validation for the JSON files the harness reads (manifests, campaigns, gates). Every problem becomes a
 * {@link BenchConfigError} whose message names the file, the field path and what is wrong, so a bad file never
 * produces a stack trace.
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { CodiraError, EXIT_USAGE } from '../core/errors.js';

/** A manifest, campaign or gate file that cannot be used; exit code 2 (bad input). */
export class BenchConfigError extends CodiraError {
  /** The file the problem is in, as shown in the message. */
  readonly file: string;

  /**
   * @param file - Path of the file (shown relative to the working directory when inside it).
   * @param problem - What is wrong, starting with the field path when there is one.
   */
  constructor(file: string, problem: string) {
    const shown = displayPath(file);
    super('BENCH_CONFIG', `${shown}: ${problem}`, EXIT_USAGE);
    this.file = shown;
  }
}

/**
 * A path as people read it: relative to the working directory when inside it, otherwise absolute.
 *
 * @param file - Any path.
 * @returns The display form.
 */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.length > 0 && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/**
 * Read and parse a JSON file.
 *
 * @param file - Absolute path.
 * @returns The parsed value.
 */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BenchConfigError(file, `cannot read file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BenchConfigError(file, `not valid JSON: ${(error as Error).message}`);
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A JSON object being validated: reads typed fields and reports problems with their full path. */
export class ObjectReader {
  /** File being read (for messages). */
  readonly file: string;
  private readonly at: string;
  private readonly value: Readonly<Record<string, unknown>>;

  /**
   * Check that `value` is an object whose fields are all in `allowed`.
   *
   * @param file - File being read (for messages).
   * @param at - Field path of this object, e.g. `repositories[1].source`; empty for the top level.
   * @param value - The parsed value.
   * @param allowed - Field names this object may have.
   */
  constructor(file: string, at: string, value: unknown, allowed: readonly string[]) {
    this.file = file;
    this.at = at;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new BenchConfigError(file, `${at || 'the file'} must be an object, got ${typeName(value)}`);
    }
    this.value = value as Record<string, unknown>;
    for (const key of Object.keys(this.value)) {
      if (!allowed.includes(key)) {
        throw new BenchConfigError(
          file,
          `${at || 'top level'}: unknown field '${key}' (allowed: ${allowed.join(', ')})`,
        );
      }
    }
  }

  /**
   * Field path of a child.
   *
   * @param key - Field name.
   * @returns The dotted path.
   */
  path(key: string): string {
    return this.at ? `${this.at}.${key}` : key;
  }

  /**
   * Report a problem at a field.
   *
   * @param key - Field name.
   * @param problem - What is wrong (completes "field ...").
   * @returns The error, for `throw`.
   */
  error(key: string, problem: string): BenchConfigError {
    return new BenchConfigError(this.file, `${this.path(key)} ${problem}`);
  }

  /**
   * Whether a field is present.
   *
   * @param key - Field name.
   * @returns `true` when the field exists (even if `null`).
   */
  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.value, key);
  }

  /**
   * Raw value of a required field.
   *
   * @param key - Field name.
   * @returns The value.
   */
  required(key: string): unknown {
    if (!this.has(key)) throw new BenchConfigError(this.file, `${this.at || 'top level'}: missing field '${key}'`);
    return this.value[key];
  }

  /**
   * Raw value of an optional field.
   *
   * @param key - Field name.
   * @returns The value, or `undefined` when absent.
   */
  optional(key: string): unknown {
    return this.value[key];
  }

  /**
   * A required non-empty string.
   *
   * @param key - Field name.
   * @returns The string.
   */
  string(key: string): string {
    return this.checkString(key, this.required(key));
  }

  /**
   * An optional non-empty string.
   *
   * @param key - Field name.
   * @returns The string, or `undefined`.
   */
  optionalString(key: string): string | undefined {
    return this.has(key) ? this.checkString(key, this.value[key]) : undefined;
  }

  /**
   * An optional non-negative integer (or at least `min`).
   *
   * @param key - Field name.
   * @param min - Smallest allowed value.
   * @returns The integer, or `undefined`.
   */
  optionalInt(key: string, min: number): number | undefined {
    if (!this.has(key)) return undefined;
    const value = this.value[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw this.error(key, `must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  /**
   * A required finite number greater than `min`.
   *
   * @param key - Field name.
   * @param min - Exclusive lower bound.
   * @returns The number.
   */
  number(key: string, min: number): number {
    const value = this.required(key);
    return this.checkNumber(key, value, min);
  }

  /**
   * An optional finite number not below `min`.
   *
   * @param key - Field name.
   * @param min - Inclusive lower bound.
   * @returns The number, or `undefined`.
   */
  optionalNumber(key: string, min: number): number | undefined {
    if (!this.has(key)) return undefined;
    const value = this.value[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      throw this.error(key, `must be a number ≥ ${min}, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  /**
   * A required string from a fixed set.
   *
   * @param key - Field name.
   * @param choices - Allowed values.
   * @returns The value.
   */
  oneOf<T extends string>(key: string, choices: readonly T[]): T {
    return this.checkChoice(key, this.string(key), choices);
  }

  /**
   * An optional string from a fixed set.
   *
   * @param key - Field name.
   * @param choices - Allowed values.
   * @returns The value, or `undefined`.
   */
  optionalOneOf<T extends string>(key: string, choices: readonly T[]): T | undefined {
    const value = this.optionalString(key);
    return value === undefined ? undefined : this.checkChoice(key, value, choices);
  }

  /**
   * A required non-empty array of non-empty strings.
   *
   * @param key - Field name.
   * @returns The strings.
   */
  stringList(key: string): string[] {
    return this.checkStringList(key, this.required(key));
  }

  /**
   * An optional non-empty array of non-empty strings.
   *
   * @param key - Field name.
   * @returns The strings, or `undefined`.
   */
  optionalStringList(key: string): string[] | undefined {
    return this.has(key) ? this.checkStringList(key, this.value[key]) : undefined;
  }

  /**
   * A required non-empty array, for the caller to validate element by element.
   *
   * @param key - Field name.
   * @returns The elements.
   */
  array(key: string): unknown[] {
    const value = this.required(key);
    if (!Array.isArray(value)) throw this.error(key, `must be an array, got ${typeName(value)}`);
    if (value.length === 0) throw this.error(key, 'must not be empty');
    return value as unknown[];
  }

  /**
   * Keys and values of an optional object-valued field (a map), for the caller to validate.
   *
   * @param key - Field name.
   * @returns The entries, or `[]` when absent.
   */
  entries(key: string): [string, unknown][] {
    if (!this.has(key)) return [];
    const value = this.value[key];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw this.error(key, `must be an object, got ${typeName(value)}`);
    }
    return Object.entries(value as Record<string, unknown>);
  }

  private checkString(key: string, value: unknown): string {
    if (typeof value !== 'string') throw this.error(key, `must be a string, got ${typeName(value)}`);
    if (value.length === 0) throw this.error(key, 'must not be empty');
    return value;
  }

  private checkNumber(key: string, value: unknown, min: number): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= min) {
      throw this.error(key, `must be a number > ${min}, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  private checkChoice<T extends string>(key: string, value: string, choices: readonly T[]): T {
    if (!(choices as readonly string[]).includes(value)) {
      throw this.error(key, `must be one of ${choices.join(', ')}, got '${value}'`);
    }
    return value as T;
  }

  private checkStringList(key: string, value: unknown): string[] {
    if (!Array.isArray(value)) throw this.error(key, `must be an array of strings, got ${typeName(value)}`);
    if (value.length === 0) throw this.error(key, 'must not be empty');
    value.forEach((item, i) => {
      if (typeof item !== 'string' || item.length === 0) {
        throw new BenchConfigError(
          this.file,
          `${this.path(key)}[${i}] must be a non-empty string, got ${typeName(item)}`,
        );
      }
    });
    return value as string[];
  }
}
