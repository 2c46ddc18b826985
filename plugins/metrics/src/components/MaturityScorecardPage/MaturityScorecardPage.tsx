import { Content, Header, Page } from '@backstage/core-components';
import { MaturityScorecard } from './MaturityScorecard';

const TITLE = 'Metrics maturity';
const SUBTITLE =
  'Where each team stands on the metrics maturity model, how it moved, and its next step';

/**
 * The org-wide maturity scorecard as a full page with its own header, for apps on the legacy
 * frontend system.
 */
export function MaturityScorecardPage() {
  return (
    <Page themeId="tool">
      <Header title={TITLE} subtitle={SUBTITLE} />
      <Content>
        <MaturityScorecard />
      </Content>
    </Page>
  );
}

/**
 * The scorecard for the new frontend system, whose page layout already draws the header
 * (title and icon from the page extension).
 */
export function NfsMaturityScorecardPage() {
  return (
    <Content>
      <MaturityScorecard />
    </Content>
  );
}
