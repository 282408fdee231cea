import type { SluiceError } from "../errors";

/** The error a promise rejects with; fails the test when it resolves instead. */
export async function errorOf(promise: Promise<unknown>): Promise<SluiceError> {
  try {
    await promise;
  } catch (error) {
    return error as SluiceError;
  }
  throw new Error("expected a failure");
}
