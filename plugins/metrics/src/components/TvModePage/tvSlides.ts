import type {
  GroupMetricsResponse,
  IntegrationViewItem,
  NorthStarView,
  OwnedMetric,
  SloViewItem,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { compareStatus } from '../shared/sloStatus';

/** One SLO of an owned service, for the health slide. */
export interface TvSlo {
  entityRef: string;
  /** The service's title, else its name. */
  service: string;
  slo: SloViewItem;
}

export type TvIntegration = IntegrationViewItem & { entityRef: string };

/** The slides of a squad's screen, each with what it shows. */
export type TvSlide =
  | { id: 'north-star'; title: string; northStar: NorthStarView }
  | { id: 'usage' | 'business'; title: string; kpis: OwnedMetric[] }
  | {
      id: 'health';
      title: string;
      slos: TvSlo[];
      integrations: TvIntegration[];
    };

/** `component:default/trip-api` → `trip-api`: what a screen calls a service without a title. */
export function serviceName(entityRef: string): string {
  return entityRef.slice(entityRef.indexOf('/') + 1);
}

const kpisIn = (view: GroupMetricsResponse, bucket: OwnedMetric['bucket']) =>
  view.metrics.filter(m => m.kind === 'kpi' && m.bucket === bucket);

/** Every SLO of the owned services, worst first (state, then alert), then by service. */
export function tvSlos(view: GroupMetricsResponse): TvSlo[] {
  return view.entities.items
    .flatMap(entity =>
      entity.slos.map(slo => ({
        entityRef: entity.entityRef,
        service: entity.title ?? serviceName(entity.entityRef),
        slo,
      })),
    )
    .sort(
      (a, b) =>
        compareStatus(a.slo, b.slo) ||
        a.service.localeCompare(b.service) ||
        a.slo.name.localeCompare(b.slo.name),
    );
}

/**
 * The slides in the order they turn: north star, usage, system health, business. A slide
 * without content is left out, so a squad without a north star or business KPIs never
 * shows an empty screen.
 */
export function tvSlides(view: GroupMetricsResponse): TvSlide[] {
  const slides: TvSlide[] = [];
  if (view.northStar) {
    slides.push({
      id: 'north-star',
      title: 'North star',
      northStar: view.northStar,
    });
  }
  const usage = kpisIn(view, 'usage');
  if (usage.length > 0)
    slides.push({ id: 'usage', title: 'Usage', kpis: usage });
  const slos = tvSlos(view);
  // Already worst first (docs/api.md#group-view).
  const integrations = view.integrations.items;
  if (slos.length > 0 || integrations.length > 0) {
    slides.push({ id: 'health', title: 'System health', slos, integrations });
  }
  const business = kpisIn(view, 'business');
  if (business.length > 0) {
    slides.push({ id: 'business', title: 'Business', kpis: business });
  }
  return slides;
}
