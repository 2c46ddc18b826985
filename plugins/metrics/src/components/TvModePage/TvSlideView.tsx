import type { TvSlide } from './tvSlides';
import { HealthSlide } from './slides/HealthSlide';
import { KpiSlide } from './slides/KpiSlide';
import { NorthStarSlide } from './slides/NorthStarSlide';

/** The content of one slide. */
export function TvSlideView(props: { slide: TvSlide }) {
  const { slide } = props;
  switch (slide.id) {
    case 'north-star':
      return <NorthStarSlide northStar={slide.northStar} />;
    case 'health':
      return (
        <HealthSlide slos={slide.slos} integrations={slide.integrations} />
      );
    default:
      return <KpiSlide kpis={slide.kpis} />;
  }
}
