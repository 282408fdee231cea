import { useEffect, useState } from "react";

/** The current time, refreshed every `everyMs`: relative times ("3 min ago") stay true. */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

/** "just now", "5 min ago", "3 h ago", "yesterday", else the date. */
export function relativeTime(at: number, now: number): string {
  const minutes = Math.round((now - at) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  if (hours < 48) return "yesterday";
  return new Date(at).toLocaleDateString([], { day: "numeric", month: "short", year: now - at > 300 * 86_400_000 ? "numeric" : undefined });
}
