import type { ReactNode } from 'react';
import Button, { ButtonProps } from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';

/**
 * A button that is disabled, with a tooltip saying why, while `disabledReason` is set (no
 * permission, no metrics to pick from, …).
 */
export function GuardedButton(
  props: Omit<ButtonProps, 'disabled'> & {
    /** Why the button cannot be used; undefined when it can. */
    disabledReason?: string;
    /** Disabled without a reason to show (e.g. the permission is being checked). */
    pending?: boolean;
    children: ReactNode;
  },
) {
  const { disabledReason, pending, ...buttonProps } = props;
  const button = (
    <Button
      size="small"
      {...buttonProps}
      disabled={pending || disabledReason !== undefined}
    />
  );
  if (!disabledReason) return button;
  // A disabled button fires no mouse events; the span lets the tooltip show.
  return (
    <Tooltip title={disabledReason}>
      <span>{button}</span>
    </Tooltip>
  );
}
