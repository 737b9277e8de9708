/**
 * Runs an async function over many items with at most `limit` calls in flight, so a
 * refresh of thousands of instances never floods the sidecar.
 */

/**
 * Calls `fn` for every item, at most `limit` at a time, and resolves with the results in
 * item order. Rejections are returned as `{ error }` so one failure does not hide the others;
 * when `shouldStop()` turns true, items not started yet are skipped (result undefined).
 */
export async function boundedMap<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
  shouldStop: () => boolean = () => false,
): Promise<({ value: R } | { error: unknown } | undefined)[]> {
  const results: ({ value: R } | { error: unknown } | undefined)[] = new Array(items.length).fill(undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !shouldStop()) {
      const index = next++;
      try {
        results[index] = { value: await fn(items[index]!) };
      } catch (error) {
        results[index] = { error };
      }
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
