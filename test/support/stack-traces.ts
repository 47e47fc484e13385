/**
 * Runs `f` without capturing stack traces. Pulumi records one for every promise it creates
 * (@pulumi/pulumi runtime/debuggable.js, `debuggablePromise`, for its leak report); under jest
 * each is formatted through source maps, a third of the time of a program run under mocks.
 * Nothing reads them there, and the errors the program raises keep their messages.
 */
export async function withoutStackTraces<T>(f: () => Promise<T>): Promise<T> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return await f();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
