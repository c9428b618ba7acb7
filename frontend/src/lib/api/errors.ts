import type { Locale, Problem } from './types';

/** ApiError is how every failed call surfaces: always with a Problem to show. */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.message.en ?? problem.code);
    this.name = 'ApiError';
    this.problem = problem;
  }
}

export function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).code === 'string' &&
    typeof (value as Problem).message === 'object'
  );
}

/** Turns anything a call may throw into an ApiError with a Problem. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (isProblem(err)) return new ApiError(err);
  if (typeof err === 'string') {
    try {
      const parsed: unknown = JSON.parse(err);
      if (isProblem(parsed)) return new ApiError(parsed);
    } catch {
      // not JSON: fall through to the generic problem
    }
  }
  return new ApiError(unexpectedProblem(err instanceof Error ? err.message : String(err)));
}

/**
 * Runs a call for its effect and returns the problem it failed with, or
 * null: what a store keeps to show next to the action.
 */
export async function attempt(action: () => Promise<unknown>): Promise<Problem | null> {
  try {
    await action();
    return null;
  } catch (err) {
    return toApiError(err).problem;
  }
}

/** Problems that arise in the UI itself, before any Go code could answer. */
export function unreachableProblem(detail: string): Problem {
  return {
    code: 'transport.unreachable',
    message: {
      en: "Zhiku's server is not answering. Check that \"zhiku serve\" is still running, then reload the page",
      'zh-CN': '知库服务未响应。请确认 "zhiku serve" 仍在运行，然后刷新页面',
    },
    detail,
  };
}

export function unexpectedProblem(detail: string): Problem {
  return {
    code: 'internal',
    message: {
      en: 'Something went wrong inside Zhiku. Try again; if it keeps happening, copy the details and report them',
      'zh-CN': '知库内部出错。请重试；如果反复出现，请复制详细信息并反馈',
    },
    detail,
  };
}

export function problemText(problem: Problem, locale: Locale): string {
  return problem.message[locale] ?? problem.message.en ?? problem.code;
}
