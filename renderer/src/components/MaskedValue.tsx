import type { MaskedValue as Masked } from '../../../electron/shared/flow-types.ts';
import { characterCount, maskedDescription, maskedPreview, secretKindLabel } from '../format/flow-values.ts';
import '../styles/inspector.css';

/**
 * A secret as the app shows it (S29): its first characters and its length, marked as masked, e.g.
 * "eyJh… · 812 characters · access token". Only the preview the main process sent exists here; a
 * screen reader hears "access token, masked, first characters eyJh, 812 characters".
 */
export function MaskedValue({ value }: { readonly value: Masked }) {
  const preview = maskedPreview(value);
  return (
    <span className="masked-value">
      <span aria-hidden="true" className="masked-visual">
        <span className="masked-badge">masked</span>
        <code className="masked-preview">{preview}…</code>
        <span className="masked-meta">
          {characterCount(value.length)} · {secretKindLabel(value.secret)}
        </span>
      </span>
      <span className="visually-hidden">{maskedDescription(value)}</span>
    </span>
  );
}
