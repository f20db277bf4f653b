import type { FlowStep } from '../../../electron/shared/flow-types.ts';
import { httpStatusText } from '../format/flow-values.ts';
import { FlowBody } from './FlowBody.tsx';
import { FlowParams } from './FlowParams.tsx';

/** What a step sent and got back: the request (method, URL, query, headers, form), the response, the error. */
export function FlowStepDetails({ step, id }: { readonly step: FlowStep; readonly id?: string }) {
  const { request, response, error } = step;
  return (
    <div className="flow-details" id={id}>
      {error ? (
        <p className="flow-error">
          <span className="flow-error-label">Error </span>
          <code>{error.code}</code>: {error.message}
        </p>
      ) : null}
      <div className="flow-part">
        <h4>Request</h4>
        <p className="flow-request-line">
          <span className="flow-method">{request.method}</span> <code className="flow-url">{request.url}</code>
        </p>
        <FlowParams caption="Query parameters" params={request.query} />
        <FlowParams caption="Headers" params={request.headers} />
        <FlowParams caption="Form" params={request.form} />
      </div>
      <div className="flow-part">
        <h4>Response</h4>
        {response ? (
          <>
            <p>
              Status <strong>{httpStatusText(response.status)}</strong>
            </p>
            <FlowParams caption="Headers" params={response.headers} />
            <FlowBody body={response.body} />
          </>
        ) : (
          <p className="muted">{noResponse(step)}</p>
        )}
      </div>
    </div>
  );
}

function noResponse(step: FlowStep): string {
  switch (step.kind) {
    case 'authorization-request':
      return 'The browser sent this request, not the app: the provider answered it with its sign-in page.';
    case 'callback':
      return 'The app answered the browser with its own page; nothing else was sent back.';
    default:
      return step.outcome === 'failed' ? 'No response arrived (the connection failed or timed out).' : 'No response recorded.';
  }
}
