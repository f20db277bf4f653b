/** The HTTP seam: every request of the core goes through this interface (got in production). */

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as application/x-www-form-urlencoded. */
  readonly form?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export interface HttpClient {
  /** Resolves for every HTTP status; rejects only for network failures (with a NetworkError). */
  request(request: HttpRequest): Promise<HttpResponse>;
}

/** Parses a JSON body, returning undefined when it is not JSON. */
export function parseJsonBody(response: HttpResponse): unknown {
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    return undefined;
  }
}
