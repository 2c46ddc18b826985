import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// auth: guest sign-in for the demo portal (https://backstage.io/docs/auth/guest/provider)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(
  import('@metrics-suite/backstage-plugin-catalog-backend-module-metrics'),
);

// permissions
backend.add(import('@backstage/plugin-permission-backend'));
// members of a team (and admins) record its goals, follow-ups and reviews
backend.add(import('./modules/permissionPolicy'));

// user settings, notifications and signals
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
// the suite's digests and alerts to team channels (metrics.notifications.webhooks)
backend.add(
  import(
    '@metrics-suite/backstage-plugin-notifications-backend-module-metrics-webhooks'
  ),
);
backend.add(import('@backstage/plugin-signals-backend'));

// actions for agents (MCP)
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// the metrics suite
backend.add(import('@metrics-suite/backstage-plugin-metrics-backend'));
// demo only: product events for the SQL analytics source (demoWorld.seedAnalyticsEvents)
backend.add(import('./modules/demoAnalyticsEvents'));
// demo only: older weeks of squad history, so the org scorecard has a story
backend.add(import('./modules/demoMaturityHistory'));

backend.start();
