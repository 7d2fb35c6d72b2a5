/** A labelled progress bar with its text announced politely to screen readers. */
export function ProgressBar(props: { label: string; text: string; fraction: number | null }) {
  const value = props.fraction === null ? undefined : Math.round(props.fraction * 100);
  return (
    <div class="progress">
      <progress aria-label={props.label} max={100} value={value} />
      <p role="status" aria-live="polite">
        {props.text}
      </p>
    </div>
  );
}
