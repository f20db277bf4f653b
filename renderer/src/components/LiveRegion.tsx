/** The window's one polite announcement region (visually hidden). */
export function LiveRegion({ message }: { readonly message: string }) {
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {message}
    </div>
  );
}
