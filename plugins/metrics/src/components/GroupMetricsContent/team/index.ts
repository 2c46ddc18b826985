export { GoalsSection } from './GoalsSection';
export { MaturitySection } from './MaturitySection';
export { TeamRefreshProvider } from './TeamRefresh';
export { WeeklyReviewSection } from './WeeklyReviewSection';
