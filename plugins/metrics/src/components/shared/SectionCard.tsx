import type { ReactNode } from 'react';
import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import type { ViewSection } from '@metrics-suite/backstage-plugin-metrics-common';
import { SectionMessage } from './SectionMessage';

export interface SectionCardProps<T> {
  title: string;
  subheader?: ReactNode;
  action?: ReactNode;
  /** `data-testid` of the card, e.g. `metrics-slos`. */
  testId: string;
  /** The view is loading and there is nothing to show yet. */
  loading: boolean;
  /** The section of the view; undefined while loading. */
  section?: ViewSection<T>;
  /** Title of the error shown when the section's source failed. */
  errorTitle: string;
  /** What is missing and how to set it up, for a `not-configured` section. */
  notConfigured: ReactNode;
  /** Shown for an `ok` section without items. */
  empty: ReactNode;
  /** `done` when having no items is good news (e.g. no gaps). */
  emptyKind?: 'empty' | 'done';
  /** Render the items even when the section failed (partial answers). */
  showItemsOnError?: boolean;
  children: (items: T[]) => ReactNode;
}

/**
 * One panel of a Metrics tab with the standard states: loading, error (of this section only),
 * not configured, empty, and the content.
 */
export function SectionCard<T>(props: SectionCardProps<T>) {
  const { section, loading } = props;
  let body: ReactNode;
  if (!section) {
    body = loading ? <Progress /> : null;
  } else if (section.status === 'error') {
    body = (
      <>
        <WarningPanel
          severity="error"
          title={props.errorTitle}
          message={section.error ?? 'The source did not answer.'}
          defaultExpanded
        />
        {props.showItemsOnError &&
          section.items.length > 0 &&
          props.children(section.items)}
      </>
    );
  } else if (section.status === 'not-configured') {
    body = (
      <SectionMessage kind="not-configured" title="Not configured">
        {props.notConfigured}
        {section.error && (
          <>
            {' '}
            <em>{section.error}</em>
          </>
        )}
      </SectionMessage>
    );
  } else if (section.items.length === 0) {
    body = (
      <SectionMessage kind={props.emptyKind ?? 'empty'}>
        {props.empty}
      </SectionMessage>
    );
  } else {
    body = props.children(section.items);
  }
  return (
    <div data-testid={props.testId} data-status={section?.status ?? 'loading'}>
      <InfoCard
        title={props.title}
        subheader={props.subheader}
        action={props.action}
      >
        {body}
      </InfoCard>
    </div>
  );
}
