import { teardown } from './render-cache';

export default teardown;
