/** A scripted HttpClient: answers by URL, records every request, never touches the network. */
import type { HttpClient, HttpRequest, HttpResponse } from '../../electron/core/http/http-client.ts';

export type FakeRoute = (request: HttpRequest) => HttpResponse | Promise<HttpResponse>;

export interface FakeHttp extends HttpClient {
  readonly requests: HttpRequest[];
  /** Requests made to exactly this URL. */
  count(url: string): number;
  /** Sets (or replaces) the answer for a URL. */
  route(url: string, answer: FakeRoute): void;
}

export function json(body: unknown, status = 200): HttpResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export function fakeHttp(routes: Record<string, FakeRoute> = {}): FakeHttp {
  const table = new Map(Object.entries(routes));
  const requests: HttpRequest[] = [];
  return {
    requests,
    count: (url) => requests.filter((r) => r.url === url).length,
    route: (url, answer) => void table.set(url, answer),
    async request(request) {
      requests.push(request);
      const answer = table.get(request.url);
      if (answer === undefined) return { status: 404, headers: {}, body: '' };
      return answer(request);
    },
  };
}

/** An HttpClient for tests in which nothing may be requested at all. */
export const noNetwork: HttpClient = {
  request: async (request) => {
    throw new Error(`unexpected request to ${request.url}`);
  },
};
