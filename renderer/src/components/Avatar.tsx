import { useState } from 'react';
import { initialsOf } from '../format/people.ts';
import { safeImageUrl } from '../format/urls.ts';

interface Props {
  readonly pictureUrl: string | null;
  readonly name: string | null;
  readonly email: string | null;
  readonly subject: string;
}

/** The profile picture, or initials when there is none (or it fails to load / is not allowed). */
export function Avatar({ pictureUrl, name, email, subject }: Props) {
  const src = safeImageUrl(pictureUrl);
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  if (src && failedSrc !== src) {
    return (
      <img
        className="avatar"
        src={src}
        alt=""
        width={56}
        height={56}
        referrerPolicy="no-referrer"
        decoding="async"
        onError={() => setFailedSrc(src)}
      />
    );
  }
  return (
    <span className="avatar avatar-initials" aria-hidden="true">
      {initialsOf(name, email, subject)}
    </span>
  );
}
