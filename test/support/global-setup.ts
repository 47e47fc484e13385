import { setup } from './render-cache';

export default setup;
