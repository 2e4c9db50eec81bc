/**
 * Runs async jobs one at a time, in arrival order. Every change to the configuration goes through
 * one queue, so two clients applying "at once" are ordered: the second rebases onto the first and
 * gets a per-field conflict instead of silently overwriting it.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
