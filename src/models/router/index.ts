export { createRouterModel, type RouterTargets } from './router-model.js';
export { chooseRoute, type Route } from './choose-route.js';
export { turnFeatures, type TurnFeatures } from './turn-features.js';
