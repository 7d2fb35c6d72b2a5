/**
 * A labelled progress bar with its text announced politely to screen readers. With `step`, the
 * bar shows the whole task (steps done plus the current step's share) and the text says which
 * step runs: on a slow browser the reporter sees it move from step to step.
 */
export function ProgressBar(props: { label: string; text: string; fraction: number | null; step?: { n: number; total: number; label: string } }) {
  const { step } = props;
  const fraction = step ? (step.n - 1 + (props.fraction ?? 0)) / step.total : props.fraction;
  const value = fraction === null ? undefined : Math.round(fraction * 100);
  return (
    <div class="progress" data-step={step?.n}>
      <progress aria-label={props.label} max={100} value={value} />
      <p role="status" aria-live="polite">
        {step ? `${step.label}: ` : null}
        {props.text}
      </p>
    </div>
  );
}
