export interface Config {
  metrics?: {
    /** TV mode, the squad's full-screen page for a screen in a room (`/metrics-tv/:namespace/:name`). */
    tv?: {
      /**
       * Seconds each slide stays on; 2 to 600, default 20. A screen's URL may set its own
       * with `?slide=`.
       * @visibility frontend
       */
      slideSeconds?: number;
      /**
       * Seconds between reloads of the squad's data; 10 to 3600, default 60. A screen's URL
       * may set its own with `?refresh=`.
       * @visibility frontend
       */
      refreshSeconds?: number;
    };
  };
}
