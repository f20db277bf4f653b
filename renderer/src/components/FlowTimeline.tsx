import type { FlowStep } from '../../../electron/shared/flow-types.ts';
import { FlowStepItem } from './FlowStepItem.tsx';

interface Props {
  /** Oldest first. */
  readonly steps: readonly FlowStep[];
  /** The position of the first step (1 unless older steps were dropped). */
  readonly firstPosition?: number;
}

/** The protocol steps in the order they happened, one list item each. */
export function FlowTimeline({ steps, firstPosition = 1 }: Props) {
  return (
    <ol className="flow-timeline" start={firstPosition}>
      {steps.map((step, index) => (
        <FlowStepItem key={step.id} step={step} position={firstPosition + index} />
      ))}
    </ol>
  );
}
