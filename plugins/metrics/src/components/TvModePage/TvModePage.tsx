import { DEFAULT_NAMESPACE } from '@backstage/catalog-model';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { ThemeProvider } from '@material-ui/core/styles';
import { useMemo } from 'react';
import { useLocation, useParams } from 'react-router-dom';
import { TvScreen } from './TvScreen';
import { tvSettings } from './tvSettings';
import { tvTheme } from './tvTheme';

/**
 * The TV mode page of a squad, at `/metrics-tv/:namespace/:name`: the squad from the path,
 * the pace from `metrics.tv.*` and the URL's `slide` and `refresh` parameters.
 */
export function TvModePage() {
  const params = useParams();
  const { search } = useLocation();
  const config = useApi(configApiRef);
  const slideSeconds = config.getOptionalNumber('metrics.tv.slideSeconds');
  const refreshSeconds = config.getOptionalNumber('metrics.tv.refreshSeconds');
  const settings = useMemo(
    () =>
      tvSettings({ slideSeconds, refreshSeconds }, new URLSearchParams(search)),
    [slideSeconds, refreshSeconds, search],
  );
  const groupRef = {
    kind: 'Group',
    namespace: params.namespace ?? DEFAULT_NAMESPACE,
    name: params.name ?? '',
  };
  return (
    <ThemeProvider theme={tvTheme}>
      <TvScreen groupRef={groupRef} settings={settings} />
    </ThemeProvider>
  );
}
