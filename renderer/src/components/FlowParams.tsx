import type { FlowParam } from '../../../electron/shared/flow-types.ts';
import { MaskedValue } from './MaskedValue.tsx';

interface Props {
  /** E.g. "Query", "Headers", "Form"; the table's caption. */
  readonly caption: string;
  readonly params: readonly FlowParam[];
}

/** Query parameters, headers or form fields in the order sent, as a name / value table. */
export function FlowParams({ caption, params }: Props) {
  if (params.length === 0) return null;
  return (
    <div className="flow-table-box">
      <table className="flow-params">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {params.map((param, index) => (
            // Names may repeat (two headers of one name): the position keeps keys unique.
            <tr key={`${index}:${param.name}`}>
              <th scope="row">
                <code>{param.name}</code>
              </th>
              <td>{typeof param.value === 'string' ? <code className="flow-value">{param.value}</code> : <MaskedValue value={param.value} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
