/**
 * Runs async critical sections one at a time. Decisions that read state and then commit (the next
 * ticket number, who is called next) must not interleave across the await of the durable write.
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.tail.then(section, section);
    this.tail = result.catch(() => {});
    return result;
  }
}
