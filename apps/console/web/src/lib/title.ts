import { useEffect } from 'react';

/** The document's title names the screen (what a screen reader announces and a tab shows). */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · IOP console`;
  }, [title]);
}
