/**
 * The innermost enclosing definition of a position during a sweep over tags in document order: containers are
 * pushed as they start and dropped once the sweep passes their end.
 *
 * @packageDocumentation
 */

/** A stack of open containers, each with the source index where it ends. */
export class EnclosingStack<T> {
  private readonly ends: number[] = [];
  private readonly values: T[] = [];

  /**
   * @param outermost - The container of everything (the file's module symbol).
   */
  constructor(private readonly outermost: T) {}

  /**
   * Close the containers that end at or before a position.
   *
   * @param start - Source index the sweep has reached.
   */
  advance(start: number): void {
    while (this.ends.length > 0 && (this.ends[this.ends.length - 1] as number) <= start) {
      this.ends.pop();
      this.values.pop();
    }
  }

  /**
   * Open a container.
   *
   * @param end - Source index where it ends.
   * @param value - The container.
   */
  push(end: number, value: T): void {
    this.ends.push(end);
    this.values.push(value);
  }

  /**
   * The innermost open container.
   *
   * @returns It, or the outermost one when none is open.
   */
  current(): T {
    return this.values.length > 0 ? (this.values[this.values.length - 1] as T) : this.outermost;
  }

  /**
   * The innermost open container satisfying a test.
   *
   * @param test - The test.
   * @returns It, or the outermost one when none passes.
   */
  find(test: (value: T) => boolean): T {
    for (let i = this.values.length - 1; i >= 0; i--) {
      const value = this.values[i] as T;
      if (test(value)) return value;
    }
    return this.outermost;
  }
}
