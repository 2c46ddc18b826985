import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { MetricsValidationProcessor } from './MetricsValidationProcessor';

/**
 * Catalog module that reports bad metrics annotations and `metadata.metrics` blocks as
 * processing errors on the entity; needs no configuration.
 *
 * @public
 */
export const catalogModuleMetricsValidation = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'metrics-validation',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new MetricsValidationProcessor());
      },
    });
  },
});
