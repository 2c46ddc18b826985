import { WarningPanel } from '@backstage/core-components';
import type { DefinitionProblem } from '@metrics-suite/backstage-plugin-metrics-common';
import Typography from '@material-ui/core/Typography';

/** Lists definition problems with the field at fault; renders nothing when there are none. */
export function ProblemsPanel(props: {
  problems: DefinitionProblem[];
  title?: string;
}) {
  const { problems, title } = props;
  if (problems.length === 0) return null;
  return (
    <WarningPanel
      severity="warning"
      title={
        title ??
        `${problems.length} problem${
          problems.length === 1 ? '' : 's'
        } in this entity's metrics definition`
      }
      defaultExpanded
    >
      <ul data-testid="metrics-problems">
        {problems.map(problem => (
          <li key={`${problem.path}:${problem.message}`}>
            <Typography variant="body2" component="span">
              <code>{problem.path}</code>: {problem.message}
            </Typography>
          </li>
        ))}
      </ul>
    </WarningPanel>
  );
}
