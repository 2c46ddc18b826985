import Box from '@material-ui/core/Box';
import type { TvSlide } from './tvSlides';
import { TV_COLORS } from './tvTheme';

/** One dot per slide; the one on is filled and wider. */
export function SlideDots(props: { slides: TvSlide[]; current: number }) {
  return (
    <Box
      display="flex"
      style={{ gap: 16 }}
      role="list"
      aria-label="Slides"
      data-testid="tv-dots"
    >
      {props.slides.map((slide, i) => {
        const on = i === props.current;
        return (
          <span
            key={slide.id}
            role="listitem"
            aria-current={on ? 'step' : undefined}
            aria-label={`${slide.title}${on ? ' (showing)' : ''}`}
            style={{
              width: on ? 48 : 20,
              height: 20,
              borderRadius: 10,
              background: on ? TV_COLORS.accent : TV_COLORS.border,
              transition: 'width 0.3s',
            }}
          />
        );
      })}
    </Box>
  );
}
