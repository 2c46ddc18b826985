import Button from '@material-ui/core/Button';
import { RefObject, useEffect, useState } from 'react';
import { TV_TYPE } from './tvTheme';

/**
 * Puts the screen in the browser's full screen (Fullscreen API) and back. Not shown where
 * the browser has no Fullscreen API (the page already covers the window).
 */
export function FullScreenButton(props: { target: RefObject<HTMLElement> }) {
  const [full, setFull] = useState(false);
  useEffect(() => {
    const update = () => setFull(Boolean(document.fullscreenElement));
    document.addEventListener('fullscreenchange', update);
    return () => document.removeEventListener('fullscreenchange', update);
  }, []);
  if (typeof document.documentElement.requestFullscreen !== 'function') {
    return null;
  }
  const toggle = () => {
    // Refused (no user gesture, a kiosk policy): the page stays as it is, nothing to report.
    const done = full
      ? document.exitFullscreen()
      : props.target.current?.requestFullscreen();
    done?.catch(() => undefined);
  };
  return (
    <Button
      variant="outlined"
      color="primary"
      onClick={toggle}
      style={{ fontSize: TV_TYPE.note }}
    >
      {full ? 'Exit full screen' : 'Full screen'}
    </Button>
  );
}
