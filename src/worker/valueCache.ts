/**
 * Recently decoded values by data version. Paging a table's preview asks for the same value
 * again and again; decoding Parquet or Arrow bytes each time would make scrolling stutter.
 */
export function createValueCache(limit = 12) {
  const entries = new Map<string, unknown>();
  return {
    get(key: string): { value: unknown } | undefined {
      if (!entries.has(key)) return undefined;
      const value = entries.get(key);
      // Re-insert so Map order stays least-recently-used first.
      entries.delete(key);
      entries.set(key, value);
      return { value };
    },
    set(key: string, value: unknown): void {
      entries.delete(key);
      entries.set(key, value);
      while (entries.size > limit) entries.delete(entries.keys().next().value as string);
    },
    clear(): void {
      entries.clear();
    },
  };
}

export type ValueCache = ReturnType<typeof createValueCache>;
