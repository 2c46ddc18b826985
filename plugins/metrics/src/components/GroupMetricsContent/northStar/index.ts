export { NorthStarSection } from './NorthStarSection';
export { isNorthStar, withViewValue } from './northStarModel';
