export {
  MaturityScorecardPage,
  NfsMaturityScorecardPage,
} from './MaturityScorecardPage';
